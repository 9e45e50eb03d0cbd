//! HTML5 drag and drop of calendar items, in the hydrated page only: the dragged item
//! carries `"<id>|<HH:MM>"` (its local time) in its `DataTransfer`, a day or hour cell
//! accepts it. Without the `hydrate` feature (the server's build) these do nothing; the
//! server never runs event handlers anyway.

/// On `dragstart` of an item: what it carries.
#[cfg(feature = "hydrate")]
pub fn start(ev: &web_sys::DragEvent, payload: &str) {
    if let Some(data) = ev.data_transfer() {
        data.set_effect_allowed("move");
        let _ = data.set_data("text/plain", payload);
    }
}

/// On `dragover` of a cell: accept the drop.
#[cfg(feature = "hydrate")]
pub fn allow(ev: &web_sys::DragEvent) {
    ev.prevent_default();
    if let Some(data) = ev.data_transfer() {
        data.set_drop_effect("move");
    }
}

/// On `drop` on a cell: the dropped item's id and local time, if it was one.
#[cfg(feature = "hydrate")]
pub fn dropped(ev: &web_sys::DragEvent) -> Option<(u64, String)> {
    ev.prevent_default();
    let payload = ev.data_transfer()?.get_data("text/plain").ok()?;
    parse(&payload)
}

/// See the hydrate build's `start`.
#[cfg(not(feature = "hydrate"))]
pub fn start<E>(_ev: &E, _payload: &str) {}

/// See the hydrate build's `allow`.
#[cfg(not(feature = "hydrate"))]
pub fn allow<E>(_ev: &E) {}

/// See the hydrate build's `dropped`.
#[cfg(not(feature = "hydrate"))]
pub fn dropped<E>(_ev: &E) -> Option<(u64, String)> {
    None
}

/// `"12|09:30"` as (12, `09:30`).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn parse(payload: &str) -> Option<(u64, String)> {
    let (id, time) = payload.split_once('|')?;
    let id = id.parse().ok()?;
    let ok = time.len() == 5 && time.as_bytes()[2] == b':';
    ok.then(|| (id, time.to_owned()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn payloads_parse_and_others_do_not() {
        assert_eq!(super::parse("12|09:30"), Some((12, "09:30".to_owned())));
        assert_eq!(super::parse("https://example.com"), None);
        assert_eq!(super::parse("x|09:30"), None);
    }
}
