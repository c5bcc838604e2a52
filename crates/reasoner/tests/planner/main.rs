//! The pipeline with the offline planner, no network: the four reference rooms laid out with
//! CR = 0, OR = 0, AC = 1 and the layouts a designer expects; the design rules on rooms of
//! other shapes and on repeated groups; the semantic checks; traces and replay.

mod support;
mod timeline;

mod checks;
mod design;
mod prompts;
mod replay;
mod scenes;
