//! Whether a window can open, checked before winit tries (and panics): an X display, and the X
//! client libraries winit loads at run time (a fresh Debian machine lacks some of them).

/// Why the editor window cannot open.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WindowUnavailable {
    /// `DISPLAY` is not set.
    #[error(
        "no X display (DISPLAY is not set): the editor needs a desktop session, or run it under \
         `xvfb-run`; `relayout render SCENE --out DIR` renders the judge views with no display"
    )]
    NoDisplay,
    /// A shared library winit loads is not installed.
    #[error(
        "the X client libraries the editor loads are missing: {} (install the Debian packages \
         {} — `scripts/run.sh` installs them — or your distribution's equivalents)",
        .libraries.join(", "),
        .packages.join(" ")
    )]
    MissingLibraries {
        /// The sonames that failed to load, e.g. `libXcursor.so.1`.
        libraries: Vec<String>,
        /// The Debian packages that provide them.
        packages: Vec<String>,
    },
}

/// The libraries winit's X11 backend loads with `dlopen`, and their Debian packages.
pub const X11_LIBRARIES: [(&str, &str); 6] = [
    ("libX11.so.6", "libx11-6"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libXcursor.so.1", "libxcursor1"),
    ("libXrandr.so.2", "libxrandr2"),
    ("libXi.so.6", "libxi6"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
];

/// Checks that a window can open: a display, then every library of [`X11_LIBRARIES`].
pub fn check_window() -> Result<(), WindowUnavailable> {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        return Err(WindowUnavailable::NoDisplay);
    }
    missing_libraries(&X11_LIBRARIES, can_load)
}

/// The libraries of `wanted` that `load` cannot open, as one error (`Ok` when none).
pub fn missing_libraries(
    wanted: &[(&str, &str)],
    load: impl Fn(&str) -> bool,
) -> Result<(), WindowUnavailable> {
    let missing: Vec<&(&str, &str)> = wanted.iter().filter(|(lib, _)| !load(lib)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(WindowUnavailable::MissingLibraries {
        libraries: missing.iter().map(|(l, _)| l.to_string()).collect(),
        packages: missing.iter().map(|(_, p)| p.to_string()).collect(),
    })
}

/// Whether the dynamic loader finds `soname` (loaded and closed again at once).
pub fn can_load(soname: &str) -> bool {
    #[cfg(unix)]
    {
        let Ok(name) = std::ffi::CString::new(soname) else {
            return false;
        };
        // SAFETY: dlopen with a valid C string; the handle is closed before returning and no
        // symbol from it is used.
        unsafe {
            let handle = libc::dlopen(name.as_ptr(), libc::RTLD_LAZY | libc::RTLD_LOCAL);
            if handle.is_null() {
                return false;
            }
            libc::dlclose(handle);
        }
        true
    }
    #[cfg(not(unix))]
    {
        let _ = soname;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_library_is_named_with_its_package() {
        let e = missing_libraries(&X11_LIBRARIES, |l| l != "libXcursor.so.1").unwrap_err();
        assert_eq!(
            e,
            WindowUnavailable::MissingLibraries {
                libraries: vec!["libXcursor.so.1".into()],
                packages: vec!["libxcursor1".into()],
            }
        );
        let text = e.to_string();
        assert!(
            text.contains("libXcursor.so.1") && text.contains("libxcursor1"),
            "{text}"
        );
        assert!(missing_libraries(&X11_LIBRARIES, |_| true).is_ok());
    }

    #[test]
    fn the_loader_finds_libc_and_not_a_made_up_library() {
        assert!(can_load("libc.so.6"));
        assert!(!can_load("libdoes-not-exist-relayout.so.7"));
    }
}
