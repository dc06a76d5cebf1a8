//! WebDAV's XML both ways: the few request bodies Juggle sends, and the `multistatus`
//! answers (RFC 4918 §13) read into plain values. Read with roxmltree (already in the
//! build through the PDF fonts), which resolves namespaces, so a server's choice of
//! prefixes never matters.

use roxmltree::{Document, Node};

use crate::sync::SyncError;

pub const DAV: &str = "DAV:";
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
pub const CARDDAV: &str = "urn:ietf:params:xml:ns:carddav";
const APPLE: &str = "http://apple.com/ns/ical/";

/// What one `<response>` said about one resource, the properties the server found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resource {
    /// As the server wrote it (a path, usually); resolve against the request's address.
    pub href: String,
    /// The response's own status (`404` for a member a sync report says is gone).
    pub status: Option<u16>,
    pub etag: Option<String>,
    pub name: Option<String>,
    pub colour: Option<String>,
    pub collection: bool,
    pub calendar: bool,
    pub addressbook: bool,
    /// The components a calendar takes (`VEVENT`, `VTODO`); empty when not said.
    pub components: Vec<String>,
    pub calendar_data: Option<String>,
    pub address_data: Option<String>,
    pub principal: Option<String>,
    pub calendar_home: Option<String>,
    pub addressbook_home: Option<String>,
}

/// A `multistatus`: each resource, and the sync token of a sync report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Multistatus {
    pub resources: Vec<Resource>,
    pub sync_token: Option<String>,
}

/// Reads a `multistatus` answer; anything else is a bad answer, said plainly.
pub fn multistatus(text: &str) -> Result<Multistatus, SyncError> {
    let doc = Document::parse(text)
        .map_err(|e| SyncError::BadAnswer(format!("its answer is not readable XML ({e})")))?;
    let root = doc.root_element();
    if !is(root, DAV, "multistatus") {
        return Err(SyncError::BadAnswer(format!(
            "it answered <{}> where WebDAV's <multistatus> belongs",
            root.tag_name().name()
        )));
    }
    let mut out = Multistatus::default();
    for child in root.children().filter(Node::is_element) {
        if is(child, DAV, "sync-token") {
            out.sync_token = Some(text_of(child));
        } else if is(child, DAV, "response") {
            out.resources.push(resource(child));
        }
    }
    Ok(out)
}

fn resource(node: Node) -> Resource {
    let mut r = Resource::default();
    for child in node.children().filter(Node::is_element) {
        if is(child, DAV, "href") {
            r.href = text_of(child);
        } else if is(child, DAV, "status") {
            r.status = status_code(&text_of(child));
        } else if is(child, DAV, "propstat") {
            let ok = child
                .children()
                .find(|n| is(*n, DAV, "status"))
                .and_then(|s| status_code(&text_of(s)))
                .is_none_or(|code| (200..300).contains(&code));
            if !ok {
                continue;
            }
            for prop in child.children().filter(|n| is(*n, DAV, "prop")) {
                for p in prop.children().filter(Node::is_element) {
                    read_prop(&mut r, p);
                }
            }
        }
    }
    r
}

fn read_prop(r: &mut Resource, p: Node) {
    let ns = p.tag_name().namespace().unwrap_or("");
    let some = |n: Node| Some(text_of(n)).filter(|t| !t.is_empty());
    let href = |n: Node| n.children().find(|c| is(*c, DAV, "href")).map(text_of);
    match (ns, p.tag_name().name()) {
        (DAV, "getetag") => r.etag = some(p),
        (DAV, "displayname") => r.name = some(p),
        (DAV, "resourcetype") => {
            for t in p.children().filter(Node::is_element) {
                r.collection |= is(t, DAV, "collection");
                r.calendar |= is(t, CALDAV, "calendar");
                r.addressbook |= is(t, CARDDAV, "addressbook");
            }
        }
        (DAV, "current-user-principal") => r.principal = href(p),
        (CALDAV, "calendar-home-set") => r.calendar_home = href(p),
        (CARDDAV, "addressbook-home-set") => r.addressbook_home = href(p),
        (CALDAV, "supported-calendar-component-set") => {
            r.components = p
                .children()
                .filter(|c| is(*c, CALDAV, "comp"))
                .filter_map(|c| c.attribute("name"))
                .map(str::to_ascii_uppercase)
                .collect();
        }
        (CALDAV, "calendar-data") => r.calendar_data = Some(raw_text(p)),
        (CARDDAV, "address-data") => r.address_data = Some(raw_text(p)),
        (APPLE, "calendar-color") => r.colour = some(p),
        _ => {}
    }
}

fn is(node: Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

fn text_of(node: Node) -> String {
    raw_text(node).trim().to_owned()
}

/// All the text inside, CDATA included, as sent (calendar data keeps its line ends).
fn raw_text(node: Node) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

/// `HTTP/1.1 404 Not Found` → 404.
fn status_code(line: &str) -> Option<u16> {
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `&`, `<` and `>` written as XML text.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A PROPFIND body asking for `props` (already written with the `d:`, `c:`, `a:`, `i:`
/// prefixes this declares).
pub fn propfind(props: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="{CALDAV}" xmlns:a="{CARDDAV}" xmlns:i="{APPLE}"><d:prop>{props}</d:prop></d:propfind>"#
    )
}

/// RFC 6578's sync report: what changed since `token` (empty: everything), with ETags.
pub fn sync_collection(token: Option<&str>) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>{}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#,
        escape(token.unwrap_or(""))
    )
}

/// A calendar-multiget (RFC 4791 §7.9) or addressbook-multiget (RFC 6352 §8.7) of `hrefs`.
pub fn multiget(addressbook: bool, hrefs: &[String]) -> String {
    let list: String = hrefs
        .iter()
        .map(|h| format!("<d:href>{}</d:href>", escape(h)))
        .collect();
    let (ns, report, data) = if addressbook {
        (CARDDAV, "addressbook-multiget", "address-data")
    } else {
        (CALDAV, "calendar-multiget", "calendar-data")
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><x:{report} xmlns:d="DAV:" xmlns:x="{ns}"><d:prop><d:getetag/><x:{data}/></d:prop>{list}</x:{report}>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_multistatus_whatever_the_prefixes() {
        let text = r#"<?xml version="1.0"?>
<D:multistatus xmlns:D="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav" xmlns:ic="http://apple.com/ns/ical/">
 <D:response><D:href>/cal/work/</D:href>
  <D:propstat><D:prop>
    <D:resourcetype><D:collection/><CAL:calendar/></D:resourcetype>
    <D:displayname>Work</D:displayname><ic:calendar-color>#FF2968</ic:calendar-color>
    <CAL:supported-calendar-component-set><CAL:comp name="VEVENT"/><CAL:comp name="vtodo"/></CAL:supported-calendar-component-set>
  </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
  <D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
 </D:response>
 <D:response><D:href>/cal/work/gone.ics</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>
 <D:response><D:href>/cal/work/a.ics</D:href><D:propstat><D:prop><D:getetag>"e1"</D:getetag>
   <CAL:calendar-data><![CDATA[BEGIN:VCALENDAR
END:VCALENDAR
]]></CAL:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
 <D:sync-token>http://example.org/sync/7</D:sync-token>
</D:multistatus>"#;
        let m = multistatus(text).unwrap();
        assert_eq!(m.sync_token.as_deref(), Some("http://example.org/sync/7"));
        let [col, gone, obj] = &m.resources[..] else {
            panic!("{m:?}")
        };
        assert!(col.collection && col.calendar && !col.addressbook);
        assert_eq!(col.name.as_deref(), Some("Work"));
        assert_eq!(col.colour.as_deref(), Some("#FF2968"));
        assert_eq!(col.components, ["VEVENT", "VTODO"]);
        assert_eq!(col.etag, None, "a 404 propstat says nothing");
        assert_eq!(gone.status, Some(404));
        assert_eq!(obj.etag.as_deref(), Some("\"e1\""));
        assert_eq!(
            obj.calendar_data.as_deref(),
            Some("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
        );
    }

    #[test]
    fn anything_else_is_a_bad_answer() {
        for text in ["", "<html><body>Login</body></html>", "<multistatus", "{}"] {
            let e = multistatus(text).unwrap_err();
            assert!(matches!(e, SyncError::BadAnswer(_)), "{text}: {e:?}");
        }
    }

    #[test]
    fn request_bodies_escape_what_they_carry() {
        assert!(sync_collection(Some("a&b")).contains("<d:sync-token>a&amp;b</d:sync-token>"));
        assert!(multiget(false, &["/c/x<y>.ics".into()]).contains("/c/x&lt;y&gt;.ics"));
        assert!(Document::parse(&propfind("<d:getetag/>")).is_ok());
        assert!(Document::parse(&multiget(true, &["/a".into()])).is_ok());
    }
}
