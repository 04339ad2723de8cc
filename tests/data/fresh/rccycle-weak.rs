// Sessions that point at their connection through Rc, and the connection back through Weak:
// no cycle, so every session and its buffer are freed when dropped.
use std::cell::RefCell;
use std::rc::{Rc, Weak};

struct Connection {
    id: u64,
    session: RefCell<Option<Weak<Session>>>,
}

struct Session {
    conn: Rc<Connection>,
    buffer: Vec<u8>,
}

fn open_session(id: u64) -> u64 {
    let conn = Rc::new(Connection { id, session: RefCell::new(None) });
    let session = Rc::new(Session { conn: conn.clone(), buffer: vec![7u8; 8192] });
    *conn.session.borrow_mut() = Some(Rc::downgrade(&session));
    session.buffer[0] as u64 + session.conn.id
}

fn main() {
    let mut total = 0u64;
    for id in 0..30000 {
        total += open_session(id);
    }
    println!("{}", total);
}
