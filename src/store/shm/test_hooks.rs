//! Test-only pauses inside the table's critical sections, to make on purpose the interleavings a
//! busy server makes by chance: each runs, once, what a test set for the current thread.

use std::cell::{Cell, RefCell};

type Hook = RefCell<Option<Box<dyn FnOnce()>>>;

thread_local! {
    static INSIDE_INSERT: Hook = const { RefCell::new(None) };
    static INSIDE_MOVE: Hook = const { RefCell::new(None) };
    static MOVES: Cell<u64> = const { Cell::new(0) };
}

fn run(hook: &'static std::thread::LocalKey<Hook>) {
    if let Some(pause) = hook.with(|hook| hook.borrow_mut().take()) {
        pause();
    }
}

fn set(hook: &'static std::thread::LocalKey<Hook>, pause: impl FnOnce() + 'static) {
    hook.with(|hook| *hook.borrow_mut() = Some(Box::new(pause)));
}

/// With the insert locks held, between choosing a slot and writing it.
pub fn inside_insert() {
    run(&INSIDE_INSERT);
}

pub fn on_next_insert(pause: impl FnOnce() + 'static) {
    set(&INSIDE_INSERT, pause);
}

/// Between copying an entry into its other bucket and clearing the original.
pub fn inside_move() {
    MOVES.with(|moves| moves.set(moves.get() + 1));
    run(&INSIDE_MOVE);
}

pub fn on_next_move(pause: impl FnOnce() + 'static) {
    set(&INSIDE_MOVE, pause);
}

/// Moves this thread has started.
pub fn moves() -> u64 {
    MOVES.with(Cell::get)
}
