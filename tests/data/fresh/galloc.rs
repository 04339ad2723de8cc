// A service that counts its memory through a global allocator wrapping the system's (the way
// stats_alloc or a metrics crate does), and keeps every request's record in a Vec it never trims.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() { ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed); }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            ALLOCATED.fetch_add(new_size, Ordering::Relaxed);
            ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Record { id: u64, path: String, headers: Vec<(String, String)> }

#[inline(never)]
fn handle(id: u64, history: &mut Vec<Record>) -> usize {
    let path = format!("/api/items/{}", id);
    let headers: Vec<(String, String)> = (0..4).map(|k| (format!("x-h{}", k), format!("v{}", id * k))).collect();
    let n = path.len() + headers.len();
    history.push(Record { id, path, headers });
    n
}

fn main() {
    let mut history = Vec::new();
    let mut total = 0usize;
    for id in 0..80_000u64 {
        total += handle(id, &mut history);
        let scratch: Vec<u8> = vec![1; 4096];
        total += scratch.len();
    }
    let last = history.last().map(|r| r.id).unwrap_or(0);
    println!("{} {} {}", total, last, ALLOCATED.load(Ordering::Relaxed));
}
