// Edge cases of the generated module `edge` (edge.km), compiled by
// test/edge.spec.ts with `rustc --test`. Hand-written: each test states what
// the format (docs/format.md) or docs/rust.md says and checks it.
extern crate alloc;

mod edge;

use edge::karmem::Error;
// Not a glob: the schema's Vec, Option, String and Error would shadow the prelude here.
use edge::{
    Alias, Big, Empty, Holder, HolderView, Inner, Loose, LooseView, Mesh, MeshView, MeshViewView, MeshViewer, Misc, MiscView, Names, NamesView, Neg,
    Outer, OuterView, Self_, Text, TextRef, TextView, Tree, TreeRef, TreeView, P,
};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{:02x}", b)).collect()
}

#[test]
fn inline_root_whose_first_field_is_inline() {
    let value = Outer { in_: Inner { a: 0xdead_beef, b: 7 }, c: 0x1234 };
    let bytes = value.to_bytes().unwrap();
    assert_eq!(hex(&bytes), "efbeadde073412");
    assert_eq!(Outer::decode(&bytes).unwrap(), value);
    let view = OuterView::root(&bytes);
    assert_eq!((view.in_().a(), view.in_().b(), view.c()), (0xdead_beef, 7, 0x1234));
    // An inline root needs only its content: one byte short, everything is a default.
    assert_eq!(OuterView::root(&bytes[..6]).in_().a(), 0);
}

#[test]
fn the_non_packed_example_of_the_format_byte_for_byte() {
    let value = Loose { a: 7, s: vec![1, 2], ps: vec![P { x: 0xaaaa }, P { x: 0xbbbb }] };
    let bytes = value.to_bytes().unwrap();
    let expected = [
        "1d000000", "07", // size 29, A
        "1d000000", "04000000", "02000000", // S -> 29, 4 bytes, 2-byte elements
        "21000000", "10000000", "08000000", // Ps -> 33, 16 bytes, 8-byte elements
        "0100", "0200", // S
        "aaaa", "000000000000", "bbbb", "000000000000", // Ps, each padded to 8
    ];
    assert_eq!(hex(&bytes), expected.concat());
    assert_eq!(bytes.len(), 49);
    let view = LooseView::root(&bytes);
    assert_eq!(view.s().iter().collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(view.ps().iter().map(|p| p.x()).collect::<Vec<_>>(), vec![0xaaaa, 0xbbbb]);
    assert_eq!(view.ps().get(2).map(|p| p.x()), None);
    assert_eq!(view.ps().at(2).x(), 0);
    assert_eq!(Loose::decode(&bytes).unwrap(), value);
}

#[test]
fn a_field_outside_its_table_reads_as_defaults_never_as_the_root() {
    let value = Holder { id: 1, pad: 2, ref_: TextRef { t: Text { name: "root?".into() } } };
    let mut bytes = value.to_bytes().unwrap();
    assert_eq!(HolderView::root(&bytes).ref_().t().name(), "root?");
    bytes[0] = 12; // the declared size now ends before Ref
    let view = HolderView::root(&bytes);
    assert_eq!((view.id(), view.pad()), (1, 2));
    assert_eq!(view.ref_().t().name(), "");
    assert_eq!(Holder::decode(&bytes).unwrap().ref_, TextRef::default());
}

#[test]
fn names_rust_reserves_or_that_clash() {
    let value = Names {
        type_: 1,
        self_: 2,
        match_: 3,
        root_: 4,
        id: 5,
        id_: 6,
        name: "n".into(),
        name_bytes: "nb".into(),
        http_code: 7,
        u8: 8,
        vec: edge::Vec { y: 9 },
        opt: edge::Option { some: 10 },
        str: edge::String { len: 11 },
        err: edge::Error { code: 12 },
        s: Self_ { x: 13 },
    };
    let bytes = value.to_bytes().unwrap();
    let v = NamesView::root(&bytes);
    assert_eq!((v.type_(), v.self_(), v.match_(), v.root_(), v.id(), v.id_()), (1, 2, 3, 4, 5, 6));
    assert_eq!((v.name(), v.name_bytes_(), v.name_bytes()), ("n", &b"n"[..], "nb"));
    assert_eq!((v.http_code(), v.u8(), v.vec().y(), v.opt().some(), v.str().len(), v.err().code(), v.s().x()), (7, 8, 9, 10, 11, 12, 13));
    assert_eq!(Names::decode(&bytes).unwrap(), value);
    // The viewer of Mesh is MeshViewer: a struct is called MeshView.
    let mesh = Mesh { view: MeshView { n: 3 } }.to_bytes().unwrap();
    assert_eq!(MeshViewer::root(&mesh).view().n(), 3);
    let _: MeshViewView = MeshViewer::root(&mesh).view();
}

#[test]
fn enums_pass_unnamed_values_through() {
    assert_eq!(Big::TOP, Big(u64::MAX));
    assert_eq!((Neg::MIN, Neg::MAX), (Neg(i64::MIN), Neg(i64::MAX)));
    assert_eq!((Alias::ONE, Alias::UNO, Alias::HTTP_CODE, Alias::HTTP_CODE_), (Alias(1), Alias(1), Alias(2), Alias(3)));
    assert_eq!((Alias::UNO.name(), Alias::MIN.name(), Alias(9).name()), (Some("One"), Some("Min"), None));
    let value = Misc { b: Big(5), n: Neg::MIN, a: Alias(-7), ..Misc::default() };
    let decoded = Misc::decode(&value.to_bytes().unwrap()).unwrap();
    assert_eq!((decoded.b, decoded.n, decoded.a), (Big(5), Neg::MIN, Alias(-7)));
}

#[test]
fn arrays_longer_than_32_limits_and_every_slice_kind() {
    let mut value = Misc::default();
    assert_eq!(value.wide, [0u16; 40]);
    value.wide[39] = 0xffff;
    value.ps[32] = P { x: 9 };
    value.raw = [1, 2, 3, 4];
    value.bools = vec![true, false, true];
    value.i8s = vec![-1, -128, 127];
    value.f64s = vec![1.5, -0.0, f64::INFINITY];
    value.bytes = vec![0, 255];
    value.limited = vec![P { x: 1 }, P { x: 2 }, P { x: 3 }];
    value.short = "abcdé".into();
    let bytes = value.to_bytes().unwrap();
    let view = MiscView::root(&bytes);
    assert_eq!((view.wide().len(), view.wide().at(39), view.ps().at(32).x()), (40, 0xffff, 9));
    assert_eq!(view.raw().iter().collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    assert_eq!(view.bools().iter().collect::<Vec<_>>(), vec![true, false, true]);
    assert_eq!(view.bytes(), &[0, 255]);
    // Limits apply when reading: 2 elements, 3 bytes.
    assert_eq!(view.limited().len(), 2);
    assert_eq!(view.short(), "abc");
    let decoded = Misc::decode(&bytes).unwrap();
    assert_eq!(decoded.limited, vec![P { x: 1 }, P { x: 2 }]);
    assert_eq!(decoded.short, "abc");
    assert_eq!((decoded.wide, decoded.ps[32].clone(), decoded.f64s.clone()), (value.wide, P { x: 9 }, value.f64s.clone()));
}

#[test]
fn text_that_is_not_utf8() {
    let mut bytes = Text { name: "ab€".into() }.to_bytes().unwrap();
    let at = bytes.len() - 1;
    bytes[at] = 0xff; // cut the euro sign's last byte
    let view = TextView::root(&bytes);
    assert_eq!(view.name(), "ab");
    assert_eq!(view.name_bytes(), &[b'a', b'b', 0xe2, 0x82, 0xff]);
    assert_eq!(Text::decode(&bytes).unwrap().name, "ab\u{fffd}\u{fffd}");
}

#[test]
fn encoding_into_buffers() {
    let value = Loose { a: 1, s: vec![1, 2, 3], ps: vec![] };
    let length = value.to_bytes().unwrap().len();
    for capacity in 0..length {
        let mut buffer = vec![0xeeu8; length + 8];
        assert_eq!(value.encode(&mut buffer[..capacity]), Err(Error::OutOfSpace));
        assert!(buffer[capacity..].iter().all(|b| *b == 0xee));
    }
    let mut buffer = vec![0xeeu8; length + 8];
    assert_eq!(value.encode(&mut buffer), Ok(length));
    // encode_vec replaces what the vec holds.
    let mut vec = vec![1, 2, 3];
    assert_eq!(value.encode_vec(&mut vec), Ok(length));
    assert_eq!(&vec[..], &buffer[..length]);
    assert_eq!(Error::OutOfSpace.to_string(), "karmem: the output buffer is too small for the message");
}

#[test]
fn recursion_through_a_slice_and_ids() {
    let leaf = Tree { kids: vec![], value: 2 };
    let tree = Tree { kids: vec![TreeRef { tree: leaf.clone() }, TreeRef { tree: leaf }], value: 1 };
    let bytes = tree.to_bytes().unwrap();
    let view = TreeView::root(&bytes);
    assert_eq!(view.kids().iter().map(|k| k.tree().value()).sum::<u32>(), 4);
    assert_eq!(Tree::decode(&bytes).unwrap(), tree);
    assert_eq!(Tree::ID, TreeView::ID);
    assert_eq!((Tree::SIZE, TreeRef::SIZE, P::SIZE, Empty::SIZE), (16, 4, 8, 0));
}

#[test]
fn iterators_step_through_their_elements_or_give_defaults() {
    let mut value = Misc::default();
    value.ps[0] = P { x: 5 };
    value.ps[32] = P { x: 9 };
    value.limited = vec![P { x: 1 }, P { x: 2 }, P { x: 3 }];
    let bytes = value.to_bytes().unwrap();
    let view = MiscView::root(&bytes);
    let ps = view.ps().iter().map(|p| p.x()).collect::<Vec<_>>();
    assert_eq!((ps.len(), ps[0], ps[1], ps[32]), (33, 5, 0, 9));
    // Clamped by its limit: its bytes hold 3 elements, the list and its iterator 2.
    assert_eq!(view.limited().iter().map(|p| p.x()).collect::<Vec<_>>(), vec![1, 2]);
    let mut it = view.ps().iter();
    assert_eq!(it.len(), 33);
    it.next();
    assert_eq!(it.len(), 32);
    // Not in the message (the table is too short for them): every element reads as its default.
    let missing = MiscView::root(&[]);
    assert_eq!(missing.ps().iter().map(|p| p.x()).collect::<Vec<_>>(), vec![0; 33]);
    assert_eq!(missing.ps().iter().len(), 33);
    assert_eq!(missing.wide().iter().collect::<Vec<_>>(), vec![0u16; 40]);
    assert_eq!(missing.limited().iter().count(), 0);
}

#[test]
fn hostile_bytes_read_as_defaults() {
    for data in [&[][..], &[0xff; 3][..], &[0xff; 64][..], &[8, 0, 0, 0, 0xff, 0xff, 0xff, 0xff][..]] {
        let view = MiscView::root(data);
        assert_eq!((view.wide().at(0), view.bytes().len(), view.f64s().len(), view.short()), (0, 0, 0, ""));
        let _ = Misc::decode(data).unwrap();
    }
}
