//! Writes the built-in furniture library: `cargo run -p relayout-assets --example build_builtin -- assets/furniture`.

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "assets/furniture".to_string());
    match relayout_assets::build_builtin(std::path::Path::new(&out)) {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
