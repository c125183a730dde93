// Module middle (Middle) in Rust, for the mixed-language link test: adds
// ">rust" and 20 to the trail, passes it to the C module back, and adds
// "<rust" and 4000 to its answer.
extern crate alloc;

mod chain;
mod chain_middle;
mod karmem_abi;

use chain::{Trail, TrailView};
use karmem_abi::Failure;

#[derive(Default)]
pub struct Middle;

impl chain_middle::Middle for Middle {
    fn pass(&mut self, arg: TrailView<'_>) -> Result<Trail, Failure> {
        let inward = Trail { path: format!("{}>rust", arg.path()), sum: arg.sum() + 20 };
        let answer = chain_middle::back::pass(&inward)?;
        Ok(Trail { path: format!("{}<rust", answer.path()), sum: answer.sum() + 4000 })
    }
}
