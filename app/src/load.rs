//! Fetching and decoding the compiled dataset.

use std::sync::Arc;

use engine::Dataset;
use gloo_net::http::Request;

/// Where the dataset lives, relative to the page (so sub-path hosting works).
pub const DATASET_URL: &str = "data/facilities.xzd";

/// Downloads and decodes the dataset; the error is a message for people.
pub async fn fetch_dataset(url: &str) -> Result<Arc<Dataset>, String> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| format!("网络错误 network error: {e}"))?;
    if !response.ok() {
        return Err(format!("服务器返回 {} server answered {} for {url}", response.status(), response.status()));
    }
    let bytes = response.binary().await.map_err(|e| format!("下载中断 download interrupted: {e}"))?;
    Dataset::from_bytes(&bytes).map(Arc::new).map_err(|e| format!("数据文件无效 invalid dataset: {e}"))
}
