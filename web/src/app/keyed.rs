//! [`KeyedView`]: a view that is rebuilt in place while its key stays the same and built anew
//! when the key changes.
//!
//! A page re-rendered from fresh server data (a `Suspend` resolving again) is rebuilt over
//! the DOM it already has: tachys patches the attributes and text that changed and leaves
//! the rest, which is right for the same record (a form the user is typing in keeps its
//! values while a tick or a failed move reloads the page) but wrong when the data now
//! describes another record: the next task's card would keep the values typed into the
//! completed task's form and the `<details>` the user opened. Keying the card by the
//! record's id gives the new record fresh DOM.

use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// `view`, known by `key`.
pub struct KeyedView<K, V> {
    key: K,
    view: V,
}

impl<K, V> KeyedView<K, V> {
    /// `view` for the record `key` names.
    pub fn new(key: K, view: V) -> Self {
        Self { key, view }
    }
}

/// The mounted view and the key it was built for.
pub struct KeyedViewState<K, S> {
    key: K,
    state: S,
}

impl<K, V> Render for KeyedView<K, V>
where
    K: PartialEq + 'static,
    V: Render,
{
    type State = KeyedViewState<K, V::State>;

    fn build(self) -> Self::State {
        KeyedViewState {
            key: self.key,
            state: self.view.build(),
        }
    }

    fn rebuild(self, state: &mut Self::State) {
        if self.key == state.key {
            self.view.rebuild(&mut state.state);
            return;
        }
        // Another record: build its DOM, put it where the old one is, then drop the old.
        let mut fresh = self.view.build();
        state.state.insert_before_this(&mut fresh);
        let mut old = std::mem::replace(&mut state.state, fresh);
        old.unmount();
        state.key = self.key;
    }
}

impl<K, V> AddAnyAttr for KeyedView<K, V>
where
    K: PartialEq + Send + 'static,
    V: AddAnyAttr,
{
    type Output<SomeNewAttr: Attribute> = KeyedView<K, V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        KeyedView {
            key: self.key,
            view: self.view.add_any_attr(attr),
        }
    }
}

impl<K, V> RenderHtml for KeyedView<K, V>
where
    K: PartialEq + Send + 'static,
    V: RenderHtml,
{
    type AsyncOutput = KeyedView<K, V::AsyncOutput>;
    type Owned = KeyedView<K, V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;

    fn dry_resolve(&mut self) {
        self.view.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        KeyedView {
            key: self.key,
            view: self.view.resolve().await,
        }
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.view
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        KeyedViewState {
            key: self.key,
            state: self.view.hydrate::<FROM_SERVER>(cursor, position),
        }
    }

    fn into_owned(self) -> Self::Owned {
        KeyedView {
            key: self.key,
            view: self.view.into_owned(),
        }
    }
}

impl<K, S> Mountable for KeyedViewState<K, S>
where
    S: Mountable,
{
    fn unmount(&mut self) {
        self.state.unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        self.state.mount(parent, marker);
    }

    fn try_mount(&mut self, parent: &Element, marker: Option<&Node>) -> bool {
        self.state.try_mount(parent, marker)
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.state.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        self.state.elements()
    }
}
