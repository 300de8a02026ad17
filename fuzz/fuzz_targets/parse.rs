//! Any bytes: the parser must not panic, must keep every byte, and the
//! semantic model must build.
#![no_main]

use distill_dockerfile::Dockerfile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = Dockerfile::parse_bytes(data);
    let printed = file.print();
    assert_eq!(printed, file.source, "printing must give the source back");
    if !file.lossy {
        assert_eq!(printed.as_bytes(), data);
    }
    for diagnostic in &file.diagnostics {
        assert!(diagnostic.span.end <= file.source.len());
    }
    let model = file.model();
    if let Some(target) = model.target(None) {
        let _ = model.dependencies(target);
    }
});
