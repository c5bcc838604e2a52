//! Typed instructions: the instruction box and the backend choice run the R³L pipeline on a
//! background task (its own async runtime, off the frame loop), with the current step shown and
//! a Cancel button. A finished run replaces the scene as one undoable edit and opens on the
//! timeline; a failed run keeps the scene and shows why (its trace, with the failed call, opens
//! too); a cancelled run leaves the scene as it was. As the designer types, the window shows
//! what the instruction reader understands (phrases and the relations they become) and what it
//! does not, before anything runs. The API key is kept in memory only, never
//! shown again once entered, and never written to the scene or the trace.

use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, block_on, futures_lite::future};
use bevy_egui::{EguiContexts, egui};
use relayout_core::scene::Scene;
use relayout_llm::{CancellationToken, ClientConfig, LlmClient, Secret};
use relayout_reasoner::pipeline::{Progress, ProgressEvent};
use relayout_reasoner::{Backend, OfflineBackend, OpenAiBackend, PipelineConfig, Run, generate};

use crate::document::{PosePreview, SceneDoc};
use crate::edit::Edit;
use crate::run_state::{LoadedRun, RunSource};
use crate::schedule::{EditorSystems, UiSystems};
use crate::status::StatusLog;

/// Who answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackendChoice {
    /// The embedded planner: no network.
    #[default]
    Offline,
    /// An OpenAI-compatible server.
    OpenAi,
}

/// The instruction box and the backend settings.
#[derive(Resource)]
pub struct GeneratePanel {
    /// What the designer wants.
    pub instruction: String,
    /// Who answers.
    pub backend: BackendChoice,
    /// The server's API root.
    pub base_url: String,
    /// The model.
    pub model: String,
    /// The key being typed (moved into `key` on Enter and cleared).
    pub key_input: String,
    /// The key in use (never shown).
    pub key: Option<Secret>,
}

impl std::fmt::Debug for GeneratePanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratePanel")
            .field("instruction", &self.instruction)
            .field("backend", &self.backend)
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("key", &self.key.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

impl Default for GeneratePanel {
    fn default() -> Self {
        GeneratePanel {
            instruction: String::new(),
            backend: BackendChoice::Offline,
            // The same variables as the command line's (a local server set up once for both).
            base_url: std::env::var(relayout_llm::config::ENV_BASE_URL)
                .ok()
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| "http://localhost:11434/v1".into()),
            model: std::env::var(relayout_llm::config::ENV_MODEL)
                .ok()
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_default(),
            key_input: String::new(),
            key: std::env::var("RELAYOUT_API_KEY")
                .ok()
                .filter(|k| !k.is_empty())
                .map(Secret::new),
        }
    }
}

/// Start a run with the panel's settings.
#[derive(Message, Debug, Clone, Copy)]
pub struct GenerateRequest;

/// Cancel the run in flight.
#[derive(Message, Debug, Clone, Copy)]
pub struct CancelGenerate;

/// What the task reports while it runs.
#[derive(Default, Debug, Clone)]
pub struct GenerateProgress {
    /// The step running.
    pub step: String,
    /// Requests answered so far.
    pub done: usize,
    /// Requests started so far.
    pub started: usize,
    /// The latest layout the run produced (imagined maps, then the solve), shown while it runs.
    pub layout: Option<(
        String,
        std::collections::BTreeMap<String, relayout_core::scene::Pose>,
    )>,
    /// The streamed answer in flight: tokens so far, tokens per second.
    pub tokens: Option<(u32, f64)>,
    /// Stages that took the offline planner's answer, and why.
    pub fallbacks: Vec<String>,
}

struct Shared(Arc<Mutex<GenerateProgress>>);

impl Progress for Shared {
    fn event(&self, e: &ProgressEvent) {
        let Ok(mut p) = self.0.lock() else { return };
        match e {
            ProgressEvent::StepStarted { step, requests } => {
                p.step = step.clone();
                p.started += requests;
            }
            ProgressEvent::RequestDone { .. } => {
                p.done += 1;
                p.tokens = None;
            }
            ProgressEvent::Layout { step, poses } => p.layout = Some((step.clone(), poses.clone())),
            ProgressEvent::StepFinished { .. } => {}
            ProgressEvent::Tokens {
                tokens, per_second, ..
            } => p.tokens = Some((*tokens, *per_second)),
            ProgressEvent::Fallback { key, reason } => {
                p.fallbacks.push(format!("{key}: {reason}"));
            }
        }
    }
}

/// The run in flight.
#[derive(Resource)]
pub struct GenerateInFlight {
    task: Task<Run>,
    /// Its progress.
    pub progress: Arc<Mutex<GenerateProgress>>,
    cancel: CancellationToken,
    /// The objects laid out: a result for other objects (a file opened meanwhile) is not applied.
    objects: Vec<relayout_core::scene::Object>,
}

/// What the instruction reader makes of the text in the box (or of the document's instruction
/// when the box is empty), kept up to date as the text or the document changes.
#[derive(Resource, Debug, Default)]
pub struct InstructionPreview {
    /// The text read.
    pub text: String,
    /// The document revision it was read against.
    pub revision: u64,
    /// What was understood and what not.
    pub reading: relayout_reasoner::instruction::Reading,
}

fn update_preview(
    panel: Res<GeneratePanel>,
    doc: Option<Res<SceneDoc>>,
    mut preview: ResMut<InstructionPreview>,
) {
    let Some(doc) = doc else { return };
    let typed = panel.instruction.trim();
    let text = if typed.is_empty() {
        doc.scene.instruction.as_str()
    } else {
        typed
    };
    if preview.text == text && preview.revision == doc.revision && !preview.text.is_empty() {
        return;
    }
    if preview.text == text && text.is_empty() {
        return;
    }
    let reading = relayout_reasoner::instruction::read_text(&doc.scene, text);
    *preview = InstructionPreview {
        text: text.to_owned(),
        revision: doc.revision,
        reading,
    };
}

/// The understood and not understood lists under the instruction box.
fn show_reading(ui: &mut egui::Ui, reading: &relayout_reasoner::instruction::Reading) {
    if reading.understood.is_empty() && reading.not_understood.is_empty() {
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("instruction reading")
        .max_height(160.0)
        .show(ui, |ui| {
            for u in &reading.understood {
                ui.label(
                    egui::RichText::new(format!("\u{2714} \u{201c}{}\u{201d}", u.phrase))
                        .color(egui::Color32::from_rgb(110, 200, 120)),
                );
                for w in &u.words {
                    ui.label(egui::RichText::new(format!("    {w}")).small());
                }
            }
            for n in &reading.not_understood {
                ui.label(
                    egui::RichText::new(format!(
                        "\u{2716} \u{201c}{}\u{201d}: {}",
                        n.phrase, n.why
                    ))
                    .color(egui::Color32::from_rgb(235, 150, 60)),
                );
            }
        });
}

/// Adds the instruction box and background runs.
pub fn plugin(app: &mut App) {
    crate::schedule::configure(app);
    app.init_resource::<GeneratePanel>()
        .init_resource::<InstructionPreview>()
        .init_resource::<PosePreview>()
        .init_resource::<StatusLog>()
        .add_message::<GenerateRequest>()
        .add_message::<CancelGenerate>()
        .add_message::<Edit>()
        .add_systems(
            Update,
            (
                (start_generate, cancel_generate, finish_generate)
                    .in_set(EditorSystems::AfterEdits),
                show_live_layout.in_set(EditorSystems::LivePreview),
                update_preview.in_set(EditorSystems::AfterEdits),
            ),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            draw_generate_window.in_set(UiSystems::Windows),
        );
}

/// Why the chosen backend cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum BackendSetupError {
    /// The model field is empty.
    #[error("name a model for the OpenAI-compatible server")]
    NoModel,
    /// The base URL or another setting is not usable.
    #[error(transparent)]
    Config(#[from] relayout_llm::ConfigError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Client(#[from] relayout_llm::LlmError),
}

fn backend_for(
    panel: &GeneratePanel,
    cancel: &CancellationToken,
) -> Result<Box<dyn Backend>, BackendSetupError> {
    match panel.backend {
        BackendChoice::Offline => Ok(Box::new(OfflineBackend)),
        BackendChoice::OpenAi => {
            if panel.model.trim().is_empty() {
                return Err(BackendSetupError::NoModel);
            }
            let mut config = ClientConfig::new(panel.base_url.trim(), panel.model.trim());
            config.api_key = panel.key.clone();
            config.validate()?;
            let client = LlmClient::new(config)?;
            Ok(Box::new(OpenAiBackend::new(client, cancel.clone())))
        }
    }
}

fn start_generate(
    mut commands: Commands,
    mut requests: MessageReader<GenerateRequest>,
    panel: Res<GeneratePanel>,
    doc: Option<Res<SceneDoc>>,
    running: Option<Res<GenerateInFlight>>,
    mut log: ResMut<StatusLog>,
) {
    if requests.read().count() == 0 {
        return;
    }
    if running.is_some() {
        log.info("a run is already in flight");
        return;
    }
    let Some(doc) = doc else { return };
    let mut scene: Scene = doc.scene.clone();
    let objects = scene.objects.clone();
    if !panel.instruction.trim().is_empty() {
        scene.instruction = panel.instruction.trim().to_string();
    }
    let cancel = CancellationToken::new();
    let backend = match backend_for(&panel, &cancel) {
        Ok(b) => b,
        Err(e) => {
            log.error(format!("cannot run: {e}"));
            return;
        }
    };
    let progress = Arc::new(Mutex::new(GenerateProgress::default()));
    let shared = Shared(progress.clone());
    let task = AsyncComputeTaskPool::get().spawn(async move {
        // reqwest needs a tokio runtime: the task brings its own.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread tokio runtime starts");
        rt.block_on(generate(
            &scene,
            backend.as_ref(),
            &PipelineConfig::default(),
            &shared,
        ))
    });
    log.info("generating: the scene stays as it is until the run ends");
    commands.insert_resource(GenerateInFlight {
        task,
        progress,
        cancel,
        objects,
    });
}

/// While a run goes on, the room shows its latest layout (a preview: the document changes only
/// when the run ends).
fn show_live_layout(running: Option<Res<GenerateInFlight>>, mut preview: ResMut<PosePreview>) {
    let Some(r) = running else { return };
    let latest = r.progress.lock().ok().and_then(|p| p.layout.clone());
    if let Some((_, poses)) = latest
        && preview.poses.as_ref() != Some(&poses)
    {
        preview.poses = Some(poses);
        preview.flagged.clear();
        preview.generation += 1;
    }
}

fn cancel_generate(
    mut requests: MessageReader<CancelGenerate>,
    running: Option<Res<GenerateInFlight>>,
) {
    if requests.read().count() > 0
        && let Some(r) = running
    {
        r.cancel.cancel();
    }
}

fn finish_generate(
    mut commands: Commands,
    running: Option<ResMut<GenerateInFlight>>,
    doc: Option<Res<SceneDoc>>,
    mut edits: MessageWriter<Edit>,
    mut log: ResMut<StatusLog>,
) {
    let Some(mut running) = running else { return };
    let Some(run) = block_on(future::poll_once(&mut running.task)) else {
        return;
    };
    commands.remove_resource::<GenerateInFlight>();
    let cancelled = running.cancel.is_cancelled();
    // The live preview ends with the run; the timeline (or the document) takes over.
    commands.remove_resource::<LoadedRun>();
    let steps = relayout_reasoner::timeline::trace_steps(&run.trace);
    let same_objects = doc.is_some_and(|d| d.scene.objects == running.objects);
    match run.result {
        Ok(_) if !cancelled && !same_objects => {
            log.info(
                "the scene's objects changed during the run: its result is on the timeline (Apply to use its poses)",
            );
            commands.insert_resource(LoadedRun::new(
                RunSource::Trace(Box::new(run.trace)),
                steps,
                None,
            ));
        }
        Ok(g) if !cancelled => {
            let m = &g.metrics;
            let s = run.trace.sources();
            let from = if run.trace.backend.kind == "offline" {
                String::new()
            } else {
                format!(
                    "; answers: {} from the model, {} salvaged, {} from the offline planner",
                    s.model, s.salvaged, s.fallback
                )
            };
            log.info(format!(
                "generated: CR {:.3}, OR {:.3}, RS {}{from}",
                m.cr,
                m.or_,
                m.rs.map_or("—".into(), |r| format!("{r:.3}"))
            ));
            for f in &run.trace.fallbacks {
                log.info(format!(
                    "note: {}: the model's answer was unusable; the offline planner's is used ({})",
                    f.key, f.reason
                ));
            }
            edits.write(Edit::Replace {
                scene: Box::new(g.scene),
                label: "generate".into(),
            });
            commands.insert_resource(LoadedRun::new(
                RunSource::Trace(Box::new(run.trace)),
                steps,
                None,
            ));
        }
        _ if cancelled => log.info("run cancelled: the scene is as it was"),
        Ok(_) => {}
        Err(e) => {
            log.error(format!("the run failed, the scene is kept: {e}"));
            commands.insert_resource(LoadedRun::new(
                RunSource::Trace(Box::new(run.trace)),
                steps,
                None,
            ));
        }
    }
}

fn draw_generate_window(
    mut contexts: EguiContexts,
    mut panel: ResMut<GeneratePanel>,
    preview: Res<InstructionPreview>,
    running: Option<Res<GenerateInFlight>>,
    mut start: MessageWriter<GenerateRequest>,
    mut cancel: MessageWriter<CancelGenerate>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    egui::Window::new("Instruction")
        .id(egui::Id::new("generate window"))
        // Beside the tools panel, not over it (see the relations window).
        .default_pos([312.0, 560.0])
        .default_width(300.0)
        .show(ctx, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut panel.instruction)
                    .hint_text("What should the room be? e.g. a calm bedroom for reading")
                    .desired_rows(3),
            );
            show_reading(ui, &preview.reading);
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut panel.backend,
                    BackendChoice::Offline,
                    "offline planner",
                );
                ui.radio_value(
                    &mut panel.backend,
                    BackendChoice::OpenAi,
                    "OpenAI-compatible",
                );
            });
            if panel.backend == BackendChoice::OpenAi {
                ui.horizontal(|ui| {
                    ui.label("base URL");
                    ui.text_edit_singleline(&mut panel.base_url);
                });
                ui.horizontal(|ui| {
                    ui.label("model");
                    ui.text_edit_singleline(&mut panel.model);
                });
                if panel.key.is_some() {
                    ui.horizontal(|ui| {
                        ui.label("API key set (not shown)");
                        if ui.small_button("forget").clicked() {
                            panel.key = None;
                        }
                    });
                } else {
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut panel.key_input)
                            .password(true)
                            .hint_text("API key, then Enter"),
                    );
                    if r.lost_focus() && !panel.key_input.is_empty() {
                        let key = std::mem::take(&mut panel.key_input);
                        panel.key = Some(Secret::new(key));
                    }
                }
            }
            match &running {
                Some(r) => {
                    let p = r.progress.lock().map(|p| p.clone()).unwrap_or_default();
                    ui.horizontal(|ui| {
                        ui.spinner();
                        let tokens = p.tokens.map_or(String::new(), |(n, rate)| {
                            format!(" — {n} tokens, {rate:.1} tokens/s")
                        });
                        ui.label(format!(
                            "{} — {}/{} requests{tokens}",
                            if p.step.is_empty() {
                                "starting"
                            } else {
                                &p.step
                            },
                            p.done,
                            p.started
                        ));
                        if ui.button("Cancel").clicked() {
                            cancel.write(CancelGenerate);
                        }
                    });
                    for f in &p.fallbacks {
                        ui.small(format!("from the offline planner: {f}"));
                    }
                }
                None => {
                    if ui.button("Lay out the room").clicked() {
                        start.write(GenerateRequest);
                    }
                }
            }
        });
    Ok(())
}
