//! The `modulab` command line: run, sweep, draw, validate and list scenarios natively.
//!
//! Exit codes: 0 success, 2 bad input (the message names the file and the
//! field), 1 internal error (e.g. an output file that cannot be written).
//! Compiled only off wasm32; the browser face is `modulab::wasm`.

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod figure;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod run;
#[cfg(not(target_arch = "wasm32"))]
mod sweep;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
