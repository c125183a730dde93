// Module worker_a (Geometry) in Rust, for the end-to-end test: the same
// behaviour as ../worker_a.ts and ../c/worker_a.c. Reads paths in place
// through codegen-rust's viewers, answers with owned values codegen-rust
// encodes, and takes notes in the notebook module through the generated
// import wrappers. Built as a cdylib beside the generated files (./build).
extern crate alloc;

mod karmem_abi;
mod relay;
mod relay_worker_a;

use karmem_abi::Failure;
use relay::{Path, PathView, Point, Text, TextView, Total};
use relay_worker_a::{notes, Geometry};

/// The module's state: calls of Version since Clear.
#[derive(Default)]
pub struct WorkerA {
    version: i64,
}

impl Geometry for WorkerA {
    fn length(&mut self, arg: PathView<'_>) -> Result<Total, Failure> {
        let points = arg.points();
        let mut total = 0f64;
        for (a, b) in points.iter().zip(points.iter().skip(1)) {
            let (dx, dy) = (b.x() as f64 - a.x() as f64, b.y() as f64 - a.y() as f64);
            total += (dx * dx + dy * dy).sqrt();
        }
        notes::note(&Text { value: format!("length of {}", arg.name()) })?;
        Ok(Total { value: (total * 1000.0 + 0.5) as i64 })
    }

    /// Twice the path. Paths of more than 10 000 points fail with 70, as the C worker's scratch arena does.
    fn scale(&mut self, arg: PathView<'_>) -> Result<Path, Failure> {
        if arg.points().len() > 10_000 {
            return Err(Failure::application(70));
        }
        let points = arg.points().iter().map(|p| Point { x: p.x() * 2.0, y: p.y() * 2.0 }).collect();
        Ok(Path { points, name: arg.name().into() })
    }

    fn clear(&mut self) -> Result<(), Failure> {
        self.version = 0;
        Ok(())
    }

    /// 1000 x calls of Version since Clear, plus the notebook's note count.
    fn version(&mut self) -> Result<Total, Failure> {
        self.version += 1;
        let notes = notes::count()?;
        Ok(Total { value: self.version * 1000 + notes.value() })
    }

    /// Forwards its argument, as received, to the notebook: no copy in this guest.
    fn annotate(&mut self, _arg: TextView<'_>) -> Result<(), Failure> {
        notes::note_bytes(karmem_abi::argument())?;
        Ok(())
    }
}

/// Not part of the interface: an export for the test to call directly. Sends
/// a note the notebook refuses, through the checked wrapper: returns its
/// status, and this call goes on.
#[no_mangle]
pub extern "C" fn refusedNote() -> i32 {
    let status = match notes::try_note(&Text { value: "!refused".into() }) {
        Ok(()) => 0,
        Err(error) => karmem_abi::status(error.code()),
    };
    // The call went on: the next import works.
    if notes::try_count().is_ok() { status } else { 1 }
}

/// Not part of the interface: what the Notes.Count import gave, or the negated code of its CallError
/// (-17 for an answer outside this guest's memory): the hostile-callee test calls it with lying imports.
#[no_mangle]
pub extern "C" fn countedNotes() -> i64 {
    match notes::try_count() {
        Ok(view) => view.value(),
        Err(error) => -(error.code() as i64),
    }
}
