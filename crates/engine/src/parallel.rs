//! Splitting work over firms across cores: natively on scoped threads (as many as the machine
//! has), on wasm32 in the calling thread. Each chunk is a contiguous range of firms and the
//! results come back in chunk order, so the output never depends on the number of threads.

use std::ops::Range;

/// Runs `work` on contiguous chunks of `0..items` and returns the results in order.
pub fn map_chunks<T: Send>(items: usize, work: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    let threads = threads().min(items.max(1));
    if threads <= 1 {
        return vec![work(0..items)];
    }
    // More chunks than threads, so that a slow chunk does not leave a core idle.
    let chunks = threads * 8;
    let size = items.div_ceil(chunks);
    let ranges: Vec<Range<usize>> = (0..items)
        .step_by(size)
        .map(|a| a..(a + size).min(items))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<T>> = (0..ranges.len()).map(|_| None).collect();
    let slots: Vec<std::sync::Mutex<&mut Option<T>>> =
        results.iter_mut().map(std::sync::Mutex::new).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(range) = ranges.get(i) else { break };
                    let result = work(range.clone());
                    if let Ok(mut slot) = slots[i].lock() {
                        **slot = Some(result);
                    }
                }
            });
        }
    });
    drop(slots);
    results.into_iter().flatten().collect()
}

#[cfg(not(target_arch = "wasm32"))]
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(target_arch = "wasm32")]
fn threads() -> usize {
    1
}

#[cfg(test)]
mod tests {
    #[test]
    fn chunks_come_back_in_order_and_cover_everything() {
        for items in [0, 1, 7, 1000] {
            let parts = super::map_chunks(items, |r| r.collect::<Vec<_>>());
            let flat: Vec<usize> = parts.into_iter().flatten().collect();
            assert_eq!(flat, (0..items).collect::<Vec<_>>());
        }
    }
}
