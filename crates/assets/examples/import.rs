//! Imports furniture into a library: `cargo run -p relayout-assets --example import -- PATH OUT [--unit cm] [--front-yaw 90]`.

use relayout_assets::{ImportOptions, Unit};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: import PATH OUT [--unit UNIT] [--front-yaw DEGREES]");
        std::process::exit(2);
    };
    let mut options = ImportOptions::default();
    let mut rest = args[2..].iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().map(String::as_str).unwrap_or("");
        match flag.as_str() {
            "--unit" => {
                options.unit = Some(
                    value
                        .parse::<Unit>()
                        .unwrap_or_else(|e| fail(&e.to_string())),
                )
            }
            "--front-yaw" => {
                options.front_yaw_deg =
                    Some(value.parse().unwrap_or_else(|_| fail("bad --front-yaw")))
            }
            other => fail(&format!("unknown flag {other}")),
        }
    }
    match relayout_assets::import(path.as_ref(), out.as_ref(), &options) {
        Ok(report) => print!("{report}"),
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
