// Module notebook (Notes) in Rust, for the end-to-end test: the same
// behaviour as ../notebook.ts and ../c/notebook.c.
extern crate alloc;

mod karmem_abi;
mod relay;
mod relay_notebook;

use karmem_abi::Failure;
use relay::{TextView, Total};

#[derive(Default)]
pub struct Notebook {
    count: i64,
    bytes: i64,
}

impl relay_notebook::Notes for Notebook {
    /// A note starting with "!" is refused with application code 99.
    fn note(&mut self, arg: TextView<'_>) -> Result<(), Failure> {
        let text = arg.value_bytes();
        if text.first() == Some(&b'!') {
            return Err(Failure::application(99));
        }
        self.count += 1;
        self.bytes += text.len() as i64;
        Ok(())
    }

    /// Notes taken, plus 1000 x their bytes.
    fn count(&mut self) -> Result<Total, Failure> {
        Ok(Total { value: self.count + self.bytes * 1000 })
    }
}
