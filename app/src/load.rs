//! Fetching files with progress: the dataset, the boundaries, the config.

use js_sys::{ArrayBuffer, Promise, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

/// Bytes received so far, the total when the server said it, and which try this is (0 or 1: the first).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub loaded: f64,
    pub total: Option<f64>,
    pub attempt: u32,
}

/// Why a download failed, for a message.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// No answer at all (offline, refused, blocked).
    Network,
    /// The server answered with this status.
    Status(u16),
    /// Nothing arrived for this many seconds: the download was given up.
    Stalled(u32),
}

/// How long a download may go without a byte before it is given up: a small
/// file that is not answered, or a large one that stops, is then retried or
/// explained like any failed one, never waited on forever.
pub const SMALL_FILE_STALL_MS: f64 = 10_000.0;
pub const DATASET_STALL_MS: f64 = 20_000.0;

/// Downloads `url` (relative to the page) as bytes, reporting progress, and
/// giving up when no byte has come for `stall_ms`.
pub async fn fetch_bytes(
    url: &str,
    progress: Option<WriteSignal<Progress>>,
    stall_ms: f64,
) -> Result<Vec<u8>, FetchError> {
    use std::cell::Cell;
    use std::rc::Rc;
    let xhr = XmlHttpRequest::new().map_err(|_| FetchError::Network)?;
    xhr.open("GET", url).map_err(|_| FetchError::Network)?;
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    let last_byte = Rc::new(Cell::new(js_sys::Date::now()));
    let stalled = Rc::new(Cell::new(false));
    let seen = last_byte.clone();
    let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
        seen.set(js_sys::Date::now());
        if let Some(progress) = progress {
            let total = ev.length_computable().then(|| ev.total());
            progress.update(|p| {
                p.loaded = ev.loaded();
                p.total = total;
            });
        }
    });
    xhr.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    // A watchdog on the page's own timers, so a test's fake clock drives it too.
    let done_flag = Rc::new(Cell::new(false));
    let (watched, flag, finished) = (xhr.clone(), stalled.clone(), done_flag.clone());
    let watchdog = Closure::<dyn FnMut()>::new(move || {
        if !finished.get() && !flag.get() && js_sys::Date::now() - last_byte.get() > stall_ms {
            flag.set(true);
            let _ = watched.abort();
        }
    });
    let interval = window()
        .set_interval_with_callback_and_timeout_and_arguments_0(
            watchdog.as_ref().unchecked_ref(),
            1_000,
        )
        .ok();
    let done = Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
        xhr.set_ontimeout(Some(&reject));
    });
    let sent = xhr.send();
    let outcome = match sent {
        Ok(()) => JsFuture::from(done).await.map(|_| ()),
        Err(e) => Err(e),
    };
    done_flag.set(true);
    if let Some(id) = interval {
        window().clear_interval_with_handle(id);
    }
    drop(on_progress);
    // A timer already queued may still call it once: it stays, and does nothing now.
    watchdog.forget();
    if stalled.get() {
        return Err(FetchError::Stalled((stall_ms / 1_000.0).round() as u32));
    }
    outcome.map_err(|_| FetchError::Network)?;
    let status = xhr.status().unwrap_or(0);
    if !(200..300).contains(&status) {
        return Err(if status == 0 { FetchError::Network } else { FetchError::Status(status) });
    }
    let buffer: ArrayBuffer = xhr
        .response()
        .map_err(|_| FetchError::Network)?
        .dyn_into()
        .map_err(|_| FetchError::Network)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Downloads a small text file; `Ok(None)` when the server has none (404).
pub async fn fetch_text(url: &str) -> Result<Option<String>, FetchError> {
    match fetch_bytes(url, None, SMALL_FILE_STALL_MS).await {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(FetchError::Status(404)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `path` (relative to the manifest) as a URL relative to the page.
pub fn beside(manifest_url: &str, path: &str) -> String {
    match manifest_url.rfind('/') {
        Some(slash) => format!("{}{path}", &manifest_url[..=slash]),
        None => path.to_string(),
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: i32) {
    let done = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(done).await;
}

/// "1.2 MB" style sizes for the progress bar.
pub fn bytes_label(bytes: f64) -> String {
    if bytes < 1024.0 {
        format!("{bytes:.0} B")
    } else if bytes < 1024.0 * 1024.0 {
        format!("{:.0} KB", bytes / 1024.0)
    } else {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(bytes_label(512.0), "512 B");
        assert_eq!(bytes_label(20_480.0), "20 KB");
        assert_eq!(bytes_label(3.5 * 1024.0 * 1024.0), "3.5 MB");
    }
}
