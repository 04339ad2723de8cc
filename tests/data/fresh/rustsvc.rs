// A request handler that caches every response body by request id (never evicted),
// builds a per-batch scratch index that it drops, and keeps a bounded LRU-ish ring.
use std::collections::HashMap;
use std::collections::VecDeque;

struct Cache {
    bodies: HashMap<String, Vec<u8>>,
}

fn render_body(id: u64) -> Vec<u8> {
    let mut body = Vec::new();
    for i in 0..(200 + (id % 50)) {
        body.push((i as u8).wrapping_mul(31));
    }
    body
}

fn handle_request(cache: &mut Cache, recent: &mut VecDeque<String>, id: u64) {
    let key = format!("request-{id}");
    let body = render_body(id);
    cache.bodies.insert(key.clone(), body);
    recent.push_back(key);
    if recent.len() > 256 {
        recent.pop_front();
    }
}

fn run_batch(batch: u64) -> usize {
    let mut index: HashMap<u64, Vec<String>> = HashMap::new();
    for i in 0..5000u64 {
        index.entry(i % 97).or_default().push(format!("row-{batch}-{i}"));
    }
    index.values().map(|v| v.len()).sum()
}

fn main() {
    let mut cache = Cache { bodies: HashMap::new() };
    let mut recent = VecDeque::new();
    let mut total = 0usize;
    for round in 0..40u64 {
        for r in 0..500u64 {
            handle_request(&mut cache, &mut recent, round * 500 + r);
        }
        total += run_batch(round);
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    println!("{} {} {}", cache.bodies.len(), recent.len(), total);
}
