//! Regenerates ui/src/lib/bindings.ts from the Rust commands and types.

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(juggle_desktop::BINDINGS_PATH);
    if let Err(e) = juggle_desktop::export_bindings(&path) {
        eprintln!("could not export bindings: {e}");
        std::process::exit(1);
    }
    println!("wrote {}", path.display());
}
