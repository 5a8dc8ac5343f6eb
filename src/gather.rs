//! Collects the `File`s the agent gave: from the file or folder pickers, or dropped (files and
//! whole folders, recursively).

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry,
};

/// Hidden files (`.DS_Store`, `._x`) are not data, and the CLI skips them too.
fn keep(file: &File) -> bool {
    !file.name().starts_with('.')
}

/// The files of a picker's list (a folder picker lists the folder's files recursively).
pub fn from_list(list: &FileList) -> Vec<File> {
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter(keep)
        .collect()
}

/// What a drop carried, taken synchronously: the browser empties the `DataTransfer` as soon as
/// the drop handler returns, so entries must be grabbed before any `await`.
pub struct Dropped {
    entries: Vec<FileSystemEntry>,
    files: Vec<File>,
}

impl Dropped {
    pub fn take(transfer: &DataTransfer) -> Dropped {
        let items = transfer.items();
        let mut dropped = Dropped {
            entries: Vec::new(),
            files: Vec::new(),
        };
        for item in (0..items.length()).filter_map(|i| items.get(i)) {
            if item.kind() != "file" {
                continue;
            }
            // Browsers without the entries API (or synthetic drops) still give the file itself.
            match item.webkit_get_as_entry() {
                Ok(Some(entry)) => dropped.entries.push(entry),
                _ => dropped.files.extend(item.get_as_file().ok().flatten()),
            }
        }
        if dropped.entries.is_empty() && dropped.files.is_empty() {
            dropped.files = transfer.files().map(|l| from_list(&l)).unwrap_or_default();
        }
        dropped
    }

    /// Every file dropped, folders walked recursively; an unreadable entry is skipped (its name
    /// goes to `unreadable`) so that one bad entry never stops the others.
    pub async fn files(self, unreadable: &mut Vec<String>) -> Vec<File> {
        let mut out: Vec<File> = self.files.into_iter().filter(keep).collect();
        // An explicit stack, not recursion: async recursion needs boxing, and folders can nest.
        let mut stack = self.entries;
        while let Some(entry) = stack.pop() {
            if entry.name().starts_with('.') {
                continue;
            }
            if entry.is_directory() {
                match read_directory(entry.unchecked_ref()).await {
                    Ok(children) => stack.extend(children),
                    Err(_) => unreadable.push(entry.full_path()),
                }
            } else if entry.is_file() {
                match read_file_entry(entry.unchecked_ref()).await {
                    Ok(file) => out.push(file),
                    Err(_) => unreadable.push(entry.full_path()),
                }
            }
        }
        out
    }
}

/// A callback-style API as a future: `call(resolve, reject)`.
async fn promised(call: impl Fn(&Function, &Function)) -> Result<JsValue, JsValue> {
    JsFuture::from(Promise::new(&mut |resolve, reject| call(&resolve, &reject))).await
}

async fn read_file_entry(entry: &FileSystemFileEntry) -> Result<File, JsValue> {
    promised(|ok, err| entry.file_with_callback_and_callback(ok, err))
        .await?
        .dyn_into()
}

/// All children of a folder: `readEntries` returns them in batches (100 in Chromium) and must be
/// called until it returns an empty batch.
async fn read_directory(dir: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, JsValue> {
    let reader = dir.create_reader();
    let mut children = Vec::new();
    loop {
        let batch: Array = promised(|ok, err| {
            if let Err(e) = reader.read_entries_with_callback_and_callback(ok, err) {
                let _ = err.call1(&JsValue::NULL, &e);
            }
        })
        .await?
        .dyn_into()?;
        if batch.length() == 0 {
            return Ok(children);
        }
        children.extend(batch.iter().filter_map(|e| e.dyn_into().ok()));
    }
}
