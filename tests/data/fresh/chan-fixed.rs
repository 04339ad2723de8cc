// The same pipeline with a bounded channel: the reader waits for room.
// writer that is slower than it; the channel keeps every record not yet written.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

struct Record { id: u64, fields: Vec<String> }

#[inline(never)]
fn parse(id: u64) -> Record {
    Record { id, fields: (0..6).map(|k| format!("field-{}-{}", k, id)).collect() }
}

#[inline(never)]
fn reader(tx: mpsc::SyncSender<Record>) {
    for id in 0..60_000u64 {
        tx.send(parse(id)).unwrap();
        if id % 1000 == 0 { thread::sleep(Duration::from_millis(1)); }
    }
}

#[inline(never)]
fn writer(rx: mpsc::Receiver<Record>) -> usize {
    let mut written = 0usize;
    for rec in rx {
        written += rec.fields.iter().map(|f| f.len()).sum::<usize>() + rec.id as usize % 2;
        if written % 7 == 0 { thread::sleep(Duration::from_micros(20)); }
    }
    written
}

fn main() {
    let (tx, rx) = mpsc::sync_channel(1000);
    let w = thread::spawn(move || writer(rx));
    reader(tx);
    println!("{}", w.join().unwrap());
}
