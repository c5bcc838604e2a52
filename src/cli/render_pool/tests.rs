//! The pool against a stand-in worker (a Python script speaking the worker's protocol) that
//! can crash, hang or refuse on cue, so that what the pool does about each is seen exactly.

use std::path::Path;
use std::time::Duration;

use relayout_core::scene::{Scene, parse_scene};

use super::*;

const STAND_IN: &str = r#"
import json, os, sys, time
mode, state = sys.argv[1], sys.argv[2]
if mode == "die-at-start":
    sys.stderr.write("thread 'main' (7766) panicked at bevy_render/src/renderer/mod.rs:286:36:\n")
    sys.stderr.write("Unable to find a GPU! Make sure you have installed required drivers!\n")
    sys.stderr.write("note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n")
    sys.exit(101)
print("relayout-render-worker: " + json.dumps({"id": 0, "ok": True, "message": "ready"}), flush=True)
print("INFO some library writing to stdout", flush=True)
for line in sys.stdin:
    job = json.loads(line)
    n = len(os.listdir(state))
    open(os.path.join(state, "job-%d-pid-%d" % (n, os.getpid())), "w").close()
    if mode == "crash" or (mode == "crash-first" and n == 0):
        sys.stderr.write("thread 'main' panicked at src/render.rs: the GPU went away\n")
        sys.exit(101)
    if mode == "hang-first" and n == 0:
        time.sleep(3600)
    if mode == "refuse":
        print("relayout-render-worker: " + json.dumps({"id": job["id"], "ok": False, "message": "gave up after 608 frames with 0 views captured"}), flush=True)
        continue
    os.makedirs(job["out"], exist_ok=True)
    for v in ["top", "front_left", "back_right"]:
        with open(os.path.join(job["out"], v + ".png"), "wb") as f:
            f.write(("%s of job %d at %d px" % (v, job["id"], job["size"])).encode())
    print("relayout-render-worker: " + json.dumps({"id": job["id"], "ok": True}), flush=True)
"#;

fn scene() -> Scene {
    parse_scene(include_str!("../../../bench/scenes/bedroom.json")).unwrap()
}

/// A pool of stand-ins in `mode`, which note each job they get in `state`.
fn pool(mode: &str, state: &Path, workers: usize, timeout_s: f64) -> RenderPool {
    let script = state.parent().unwrap().join("stand_in.py");
    std::fs::write(&script, STAND_IN).unwrap();
    RenderPool::with_command(
        WorkerCommand {
            exe: "python3".into(),
            args: vec![script.into(), mode.into(), state.into()],
        },
        PoolOptions {
            workers,
            size: 96,
            job_timeout: Duration::from_secs_f64(timeout_s),
        },
    )
    .unwrap()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("jobs");
    std::fs::create_dir(&state).unwrap();
    (tmp, state)
}

/// The processes that took jobs, one per job, in order.
fn job_pids(state: &Path) -> Vec<String> {
    let mut names: Vec<(usize, String)> = std::fs::read_dir(state)
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            let parts: Vec<&str> = name.split('-').collect();
            (parts[1].parse().unwrap(), parts[3].to_string())
        })
        .collect();
    names.sort();
    names.into_iter().map(|(_, pid)| pid).collect()
}

#[test]
fn one_worker_renders_layout_after_layout_without_starting_again() {
    let (_tmp, state) = setup();
    let p = pool("ok", &state, 2, 60.0);
    for k in 0..5 {
        let views = p.render(&scene()).unwrap();
        let names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["top", "front_left", "back_right"]);
        assert_eq!(
            String::from_utf8_lossy(&views[0].png),
            format!("top of job {} at 96 px", k + 1)
        );
    }
    let pids = job_pids(&state);
    assert_eq!(pids.len(), 5);
    assert!(pids.iter().all(|p| p == &pids[0]), "{pids:?}");
    assert_eq!(
        p.stats(),
        PoolStats {
            started: 1,
            replaced: 0,
            rendered: 5
        }
    );
    // The views' files are read and removed: nothing piles up in the pool's folder.
    assert_eq!(std::fs::read_dir(&p.inner.dir).unwrap().count(), 0);
}

#[test]
fn concurrent_layouts_share_at_most_the_pools_workers() {
    let (_tmp, state) = setup();
    let p = pool("ok", &state, 2, 60.0);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8).map(|_| s.spawn(|| p.render(&scene()))).collect();
        for h in handles {
            assert_eq!(h.join().unwrap().unwrap().len(), 3);
        }
    });
    let mut pids = job_pids(&state);
    assert_eq!(pids.len(), 8);
    pids.sort();
    pids.dedup();
    assert!(pids.len() <= 2, "{pids:?}");
    assert!(p.stats().started <= 2);
}

#[test]
fn a_crashed_worker_is_replaced_and_its_layout_tried_again() {
    let (_tmp, state) = setup();
    let p = pool("crash-first", &state, 1, 60.0);
    let views = p.render(&scene()).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&views[0].png),
        "top of job 1 at 96 px"
    );
    let pids = job_pids(&state);
    assert_eq!(pids.len(), 2);
    assert_ne!(pids[0], pids[1]);
    assert_eq!(
        p.stats(),
        PoolStats {
            started: 2,
            replaced: 1,
            rendered: 1
        }
    );
}

#[test]
fn a_hung_worker_is_killed_at_the_time_limit_and_its_layout_tried_again() {
    let (_tmp, state) = setup();
    let p = pool("hang-first", &state, 1, 1.0);
    let views = p.render(&scene()).unwrap();
    assert_eq!(views.len(), 3);
    assert_eq!(p.stats().replaced, 1);
    assert_eq!(job_pids(&state).len(), 2);
}

#[test]
fn a_worker_that_crashes_every_time_is_tried_twice_and_the_error_names_why() {
    let (_tmp, state) = setup();
    let p = pool("crash", &state, 1, 60.0);
    let err = p.render(&scene()).unwrap_err().to_string();
    assert!(err.contains("2 tries"), "{err}");
    assert!(err.contains("exit status: 101"), "{err}");
    assert!(err.contains("the GPU went away"), "{err}");
    assert_eq!(job_pids(&state).len(), 2);
    // The pool is still usable: a later layout starts a new worker (and fails the same way).
    assert!(p.render(&scene()).is_err());
    assert_eq!(p.stats().started, 4);
}

#[test]
fn a_layout_the_renderer_refuses_is_not_tried_again() {
    let (_tmp, state) = setup();
    let p = pool("refuse", &state, 1, 60.0);
    let err = p.render(&scene()).unwrap_err().to_string();
    assert!(err.contains("gave up after 608 frames"), "{err}");
    assert_eq!(job_pids(&state).len(), 1);
    assert_eq!(p.stats().replaced, 0);
}

#[test]
fn workers_that_die_starting_stop_the_pool_from_starting_more_for_a_while() {
    let (_tmp, state) = setup();
    let p = pool("die-at-start", &state, 1, 60.0);
    let err = p.render(&scene()).unwrap_err().to_string();
    assert!(err.contains("exited while starting"), "{err}");
    assert!(err.contains("Unable to find a GPU!"), "{err}");
    assert_eq!(p.stats().started, 2);
    // The next layouts fail at once, with the reason, and start nothing.
    for _ in 0..3 {
        let err = p.render(&scene()).unwrap_err().to_string();
        assert!(err.contains("2 render workers in a row"), "{err}");
        assert!(err.contains("Unable to find a GPU!"), "{err}");
    }
    assert_eq!(p.stats().started, 2);
}

#[test]
fn the_reason_a_worker_died_is_its_panic_message_not_the_backtrace_note() {
    let panic = [
        "2026-12-02T06:18:50Z WARN bevy_render: no adapter",
        "thread 'main' (7766) panicked at src/renderer/mod.rs:286:36:",
        "Unable to find a GPU!",
        "stack backtrace:",
        "   0: __rustc::rust_begin_unwind",
        "note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.",
    ];
    assert_eq!(
        process::last_words(&panic).as_deref(),
        Some("Unable to find a GPU!")
    );
    let plain = ["loading models", "error: out of memory", ""];
    assert_eq!(
        process::last_words(&plain).as_deref(),
        Some("error: out of memory")
    );
    assert_eq!(process::last_words(&[]), None);
}

#[test]
fn a_worker_that_cannot_start_is_an_error_not_a_hang() {
    let p = RenderPool::with_command(
        WorkerCommand {
            exe: "/nonexistent/relayout-render-worker".into(),
            args: vec![],
        },
        PoolOptions::for_this_machine(96),
    )
    .unwrap();
    let err = p.render(&scene()).unwrap_err().to_string();
    assert!(err.contains("cannot start the renderer"), "{err}");
    // The slot it took is given back: the next try fails the same way instead of waiting.
    assert!(p.render(&scene()).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renders_from_async_code_overlap_on_the_workers() {
    let (_tmp, state) = setup();
    let p = pool("ok", &state, 2, 60.0);
    let s = scene();
    let (a, b, c, d) = tokio::join!(
        p.render_async(&s),
        p.render_async(&s),
        p.render_async(&s),
        p.render_async(&s)
    );
    for r in [a, b, c, d] {
        assert_eq!(r.unwrap().len(), 3);
    }
    assert_eq!(job_pids(&state).len(), 4);
    assert!(p.stats().started <= 2);
}
