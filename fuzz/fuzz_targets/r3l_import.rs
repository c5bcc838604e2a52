//! Fuzzes the R³L importer: `import_r3l` must return `Ok` or `Err` on any text, never panic.
#![no_main]

use relayout_core::r3l::import_r3l;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = import_r3l(text);
    }
});
