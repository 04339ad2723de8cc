// Sessions that point at their connection and back, both through Rc: a cycle that
// reference counting never frees, so every session's buffer stays after it is dropped.
use std::cell::RefCell;
use std::rc::Rc;

struct Connection {
    id: u64,
    session: RefCell<Option<Rc<Session>>>,
}

struct Session {
    conn: Rc<Connection>,
    buffer: Vec<u8>,
}

fn open_session(id: u64) -> u64 {
    let conn = Rc::new(Connection { id, session: RefCell::new(None) });
    let session = Rc::new(Session { conn: conn.clone(), buffer: vec![7u8; 8192] });
    *conn.session.borrow_mut() = Some(session.clone());
    session.buffer[0] as u64 + session.conn.id
}

fn main() {
    let mut total = 0u64;
    for id in 0..30000 {
        total += open_session(id);
    }
    println!("{}", total);
}
