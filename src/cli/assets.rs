//! `relayout assets build-builtin --out DIR` and `relayout assets import PATH --out DIR`.

use std::path::PathBuf;

use relayout_assets::{ImportOptions, Unit};

use super::CliError;

/// The furniture library commands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Generate the built-in furniture (.glb) and its catalog.json.
    BuildBuiltin {
        /// Output folder (the committed library lives in assets/furniture).
        #[arg(long, default_value = "assets/furniture")]
        out: PathBuf,
    },
    /// Import a .glb/.gltf, an OBJ (with MTL), a Sweet Home 3D library (.sh3f) or a folder of them.
    Import {
        /// The file or folder.
        path: PathBuf,
        /// Output folder; its catalog.json is merged into.
        #[arg(long)]
        out: PathBuf,
        /// Model units: m, cm, mm, in, ft or metres per unit (guessed from the size if omitted).
        #[arg(long)]
        unit: Option<String>,
        /// Yaw (degrees) turning the model's front onto the layout's +Y (180 for a glTF front of +Z).
        #[arg(long)]
        front_yaw: Option<f64>,
        /// Id of a single model, or a prefix (ending in _) for a library's items.
        #[arg(long)]
        id: Option<String>,
        /// Category to record.
        #[arg(long)]
        category: Option<String>,
        /// Licence to record.
        #[arg(long)]
        licence: Option<String>,
    },
}

/// Runs a furniture library command.
pub fn run(c: Command) -> Result<(), CliError> {
    match c {
        Command::BuildBuiltin { out } => {
            let report = relayout_assets::build_builtin(&out)
                .map_err(|e| CliError::Failure(e.to_string()))?;
            println!("{report}");
        }
        Command::Import {
            path,
            out,
            unit,
            front_yaw,
            id,
            category,
            licence,
        } => {
            let unit = unit
                .map(|u| {
                    u.parse::<Unit>()
                        .map_err(|e| CliError::Input(format!("--unit {u}: {e}")))
                })
                .transpose()?;
            let opts = ImportOptions {
                unit,
                front_yaw_deg: front_yaw,
                id,
                category,
                licence,
            };
            let report = relayout_assets::import(&path, &out, &opts)
                .map_err(|e| CliError::Input(e.to_string()))?;
            println!("{report}");
            if !report.errors.is_empty() {
                return Err(CliError::Failure(format!(
                    "{} item(s) could not be imported (listed above)",
                    report.errors.len()
                )));
            }
        }
    }
    Ok(())
}
