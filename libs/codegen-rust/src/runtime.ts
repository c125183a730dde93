/**
 * The `karmem` module every generated Rust module carries at its end: the
 * reading rules of the format over `&[u8]`, a writer over a caller's buffer
 * (or a `Vec<u8>`), and the decode limits. It is the same text for every
 * schema; each generated module holds its own copy so that it needs no
 * crate. No `unsafe`, no indexing: every byte is reached through `get(..)`,
 * and offsets are added in u64, so nothing here can panic, whatever the bytes.
 */
export const RUNTIME_MODULE = `/// The reading and writing rules of the Karmem format, shared by the types above.
/// Generated with them, the same for every schema: the module needs no crate.
pub mod karmem {
    use core::marker::PhantomData;

    #[cfg(feature = "alloc")]
    pub use alloc::{string::String, vec::Vec};

    /// The largest message: writers refuse to grow past 2^31 - 1 bytes.
    pub const MAX_MESSAGE_SIZE: u32 = 0x7fff_ffff;
    /// How deep decoders and encoders follow slices through which a struct reaches itself.
    pub const MAX_DECODE_DEPTH: u32 = 64;
    /// The default decode budget is this many units per message byte...
    pub const DECODE_BUDGET_FACTOR: u64 = 8;
    /// ...but never less than this (4 MiB).
    pub const DECODE_BUDGET_FLOOR: u64 = 4 * 1024 * 1024;
    /// The limit of slices without one (\`[]T\`).
    pub const NO_LIMIT: u32 = u32::MAX;

    /// Why an encode or a decode failed.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Error {
        /// The output buffer is too small for the message. Nothing was written past it.
        OutOfSpace,
        /// The message would be larger than MAX_MESSAGE_SIZE.
        TooLarge,
        /// Slices through which a struct reaches itself nest deeper than MAX_DECODE_DEPTH.
        TooDeep,
        /// The decode would spend more than its budget: offsets shared by many slices, most likely hostile.
        Budget,
    }

    impl core::fmt::Display for Error {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str(match self {
                Error::OutOfSpace => "karmem: the output buffer is too small for the message",
                Error::TooLarge => "karmem: the message would be larger than 2^31 - 1 bytes",
                Error::TooDeep => "karmem: slices through which a struct reaches itself nest deeper than 64",
                Error::Budget => "karmem: decoding needs more than its budget (raise it with Decoder::with_budget if the message is trusted)",
            })
        }
    }

    pub type Result<T> = core::result::Result<T, Error>;

    /// A struct in a message: \`bytes\` are what may be read of it (a table's
    /// declared size, an inline struct's content, or nothing when it is missing:
    /// then every field reads as its default), a part of \`data\`, the whole
    /// message, which pointers and slice headers lead into.
    #[derive(Clone, Copy, Debug)]
    pub struct View<'a> {
        data: &'a [u8],
        bytes: &'a [u8],
    }

    impl<'a> View<'a> {
        /// The message with no struct selected: everything reads as a default.
        pub fn message(data: &'a [u8]) -> Self {
            View { data: clamp(data), bytes: &[] }
        }

        /// The whole message this view reads from.
        pub fn data(self) -> &'a [u8] {
            self.data
        }

        fn missing(self) -> Self {
            View::message(self.data)
        }

        /// The same message, with \`bytes\` selected (empty when they are not all in the message).
        fn part(self, start: u64, size: u64) -> Self {
            View { data: self.data, bytes: slice_of(self.data, start, size) }
        }

        /// \`size\` bytes at \`at\` of the struct; None unless they are all there
        /// (for a field of a view of known size, the compiler folds the checks away).
        fn field(self, at: u64, size: u64) -> Option<&'a [u8]> {
            range(self.bytes, at, size)
        }

        fn array<const N: usize>(self, at: u32) -> [u8; N] {
            match self.field(at as u64, N as u64) {
                Some(bytes) => <[u8; N]>::try_from(bytes).unwrap_or([0; N]),
                None => [0; N],
            }
        }

        /// Any non-zero byte is true.
        pub fn bool(self, at: u32) -> bool {
            self.array::<1>(at) != [0]
        }
        pub fn u8(self, at: u32) -> u8 { u8::from_le_bytes(self.array(at)) }
        pub fn i8(self, at: u32) -> i8 { i8::from_le_bytes(self.array(at)) }
        pub fn u16(self, at: u32) -> u16 { u16::from_le_bytes(self.array(at)) }
        pub fn i16(self, at: u32) -> i16 { i16::from_le_bytes(self.array(at)) }
        pub fn u32(self, at: u32) -> u32 { u32::from_le_bytes(self.array(at)) }
        pub fn i32(self, at: u32) -> i32 { i32::from_le_bytes(self.array(at)) }
        pub fn u64(self, at: u32) -> u64 { u64::from_le_bytes(self.array(at)) }
        pub fn i64(self, at: u32) -> i64 { i64::from_le_bytes(self.array(at)) }
        pub fn f32(self, at: u32) -> f32 { f32::from_le_bytes(self.array(at)) }
        pub fn f64(self, at: u32) -> f64 { f64::from_le_bytes(self.array(at)) }

        /// The table at \`offset\` of the message: read only if its minimum size
        /// (4 bytes packed, 8 not) and then its declared size fit in the message.
        pub fn table_at(self, offset: u32, packed: bool) -> Self {
            let minimum = if packed { 4 } else { 8 };
            if slice_of(self.data, offset as u64, minimum).is_empty() {
                return self.missing();
            }
            let size = self.part(offset as u64, 4).u32(0);
            self.part(offset as u64, size as u64)
        }

        /// An inline struct at the root: it needs only its content, not its padding.
        pub fn inline_root(data: &'a [u8], content_size: u32) -> Self {
            View::message(data).part(0, content_size as u64)
        }

        /// A table field: the table its pointer leads to. A field outside the
        /// struct leads to a missing table, never to the root.
        pub fn table(self, at: u32, packed: bool) -> Self {
            match self.field(at as u64, 4) {
                Some(_) => self.table_at(self.u32(at), packed),
                None => self.missing(),
            }
        }

        /// An inline struct field: \`size\` bytes with padding, \`content_size\` without.
        pub fn inline(self, at: u32, size: u32, content_size: u32) -> Self {
            match self.field(at as u64, size as u64) {
                Some(bytes) => View { data: self.data, bytes: bytes.get(..content_size as usize).unwrap_or(&[]) },
                None => self.missing(),
            }
        }

        /// The payload of the slice whose header (8 bytes packed, 12 not) is at
        /// \`at\`: (offset, size), or (0, 0) when the header is not in the struct
        /// or the payload not in the message. The third header word is not used.
        #[inline]
        fn span(self, at: u32, header_size: u32) -> (u32, u32) {
            if self.field(at as u64, header_size as u64).is_none() {
                return (0, 0);
            }
            let offset = self.u32(at);
            let size = self.u32(at + 4);
            if offset as u64 + size as u64 > self.data.len() as u64 {
                return (0, 0);
            }
            (offset, size)
        }

        /// The bytes of a string or byte slice, clamped to \`limit\` bytes.
        #[inline]
        pub fn bytes(self, at: u32, header_size: u32, limit: u32) -> &'a [u8] {
            let (offset, size) = self.span(at, header_size);
            slice_of(self.data, offset as u64, size.min(limit) as u64)
        }

        /// A slice of \`T\`, clamped to \`limit\` elements.
        // #[inline] here, on span, bytes, List::new and List::iter: without it rustc kept
        // some of them calls inside a decode's loop over structs (the game's decode 1.17x).
        #[inline]
        pub fn list<T: Element<'a>>(self, at: u32, header_size: u32, limit: u32) -> List<'a, T> {
            let (offset, size) = self.span(at, header_size);
            let len = if T::STRIDE == 0 { 0 } else { (size / T::STRIDE).min(limit) };
            List::new(self.part(offset as u64, len as u64 * T::STRIDE as u64), len)
        }

        /// A fixed array \`[length]T\`: all defaults unless the whole array is in the struct.
        pub fn array_list<T: Element<'a>>(self, at: u32, length: u32) -> List<'a, T> {
            let items = match self.field(at as u64, length as u64 * T::STRIDE as u64) {
                Some(bytes) => View { data: self.data, bytes },
                None => self.missing(),
            };
            List::new(items, length)
        }
    }

    /// Stores \`bytes\` at \`at\` of \`out\`; nothing when they do not all fit (generated
    /// code stores only into what it reserved: for a region of known size, the
    /// compiler drops the check).
    pub fn put(out: &mut [u8], at: usize, bytes: &[u8]) {
        if let Some(target) = range_mut(out, at, bytes.len() as u64) {
            target.copy_from_slice(bytes);
        }
    }

    /// Offsets are u32: a view sees at most the first 4 GiB - 1 of a message.
    fn clamp(data: &[u8]) -> &[u8] {
        data.get(..u32::MAX as usize).unwrap_or(data)
    }

    /// \`size\` bytes of \`data\` at \`start\`, or None unless they are all there
    /// (two comparisons, no addition that could wrap).
    fn range(data: &[u8], start: u64, size: u64) -> Option<&[u8]> {
        data.get(usize::try_from(start).ok()?..)?.get(..usize::try_from(size).ok()?)
    }

    /// As \`range\`, for writing.
    fn range_mut(out: &mut [u8], start: usize, size: u64) -> Option<&mut [u8]> {
        out.get_mut(start..)?.get_mut(..usize::try_from(size).ok()?)
    }

    /// \`size\` bytes of \`data\` at \`start\`; empty when they are not all there.
    fn slice_of(data: &[u8], start: u64, size: u64) -> &[u8] {
        range(data, start, size).unwrap_or(&[])
    }

    /// Text as UTF-8: the longest valid prefix of \`bytes\` (all of it, for what a writer wrote).
    pub fn utf8_prefix(bytes: &[u8]) -> &str {
        match core::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => core::str::from_utf8(bytes.get(..error.valid_up_to()).unwrap_or(&[])).unwrap_or(""),
        }
    }

    /// What slices and fixed arrays hold: a scalar, or an inline struct's viewer.
    pub trait Element<'a>: Sized {
        /// Bytes one element takes in a message, padding included.
        const STRIDE: u32;
        /// The element at \`at\` of \`items\` (the default when it is not there).
        fn read(items: View<'a>, at: u32) -> Self;
    }

    macro_rules! scalar_elements {
        ($($t:ident = $size:expr),*) => {$(
            impl<'a> Element<'a> for $t {
                const STRIDE: u32 = $size;
                fn read(items: View<'a>, at: u32) -> Self {
                    items.$t(at)
                }
            }
        )*};
    }
    scalar_elements!(bool = 1, u8 = 1, i8 = 1, u16 = 2, i16 = 2, u32 = 4, i32 = 4, u64 = 8, i64 = 8, f32 = 4, f64 = 8);

    /// The elements of a slice or a fixed array, in place. Reading one costs a bounds check.
    pub struct List<'a, T> {
        items: View<'a>,
        len: u32,
        element: PhantomData<fn() -> T>,
    }

    impl<'a, T> Clone for List<'a, T> {
        fn clone(&self) -> Self {
            *self
        }
    }

    impl<'a, T> Copy for List<'a, T> {}

    impl<'a, T> core::fmt::Debug for List<'a, T> {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.debug_struct("List").field("len", &self.len).finish()
        }
    }

    impl<'a, T: Element<'a>> List<'a, T> {
        /// \`items\` hold no bytes or exactly \`len\` x STRIDE (\`at\` and \`Iter\` rely on it).
        #[inline]
        fn new(items: View<'a>, len: u32) -> Self {
            List { items, len, element: PhantomData }
        }

        pub fn len(&self) -> usize {
            self.len as usize
        }

        pub fn is_empty(&self) -> bool {
            self.len == 0
        }

        /// Element \`i\`, or None past the end.
        pub fn get(&self, i: usize) -> Option<T> {
            if i < self.len() { Some(self.at(i)) } else { None }
        }

        /// Element \`i\`, or the default (a missing struct) past the end.
        pub fn at(&self, i: usize) -> T {
            if i >= self.len() {
                return T::read(self.items.missing(), 0);
            }
            // No wrap-around to fear: the items' bytes are either none (every
            // element reads as its default, whatever \`at\`) or len x STRIDE <= 2^32 - 1.
            T::read(self.items, (i as u32).wrapping_mul(T::STRIDE))
        }

        #[inline]
        pub fn iter(&self) -> Iter<'a, T> {
            let defaults = if self.items.bytes.is_empty() { self.len } else { 0 };
            Iter { data: self.items.data, rest: self.items.bytes, defaults, element: PhantomData }
        }
    }

    impl<'a, T: Element<'a>> IntoIterator for List<'a, T> {
        type Item = T;
        type IntoIter = Iter<'a, T>;
        fn into_iter(self) -> Iter<'a, T> {
            self.iter()
        }
    }

    /// The elements of a List, in order. Each is read from its own STRIDE
    /// bytes, split off the rest: the compiler then knows their length and
    /// folds the element's field checks away (one check per element, as in C).
    pub struct Iter<'a, T> {
        data: &'a [u8],
        /// The elements not read yet, STRIDE bytes each: the test of its length is the only one per element.
        rest: &'a [u8],
        /// The elements still to come as defaults: all of a list whose items are missing (a
        /// fixed array outside its struct), none of one whose items are there.
        defaults: u32,
        element: PhantomData<fn() -> T>,
    }

    impl<'a, T: Element<'a>> Iterator for Iter<'a, T> {
        type Item = T;
        fn next(&mut self) -> Option<T> {
            let stride = T::STRIDE as usize;
            if stride > 0 && self.rest.len() >= stride {
                let (item, rest) = self.rest.split_at(stride);
                self.rest = rest;
                return Some(T::read(View { data: self.data, bytes: item }, 0));
            }
            if self.defaults == 0 {
                return None;
            }
            self.defaults -= 1;
            Some(T::read(View::message(self.data), 0))
        }
        fn size_hint(&self) -> (usize, Option<usize>) {
            let present = if T::STRIDE == 0 { 0 } else { self.rest.len() / T::STRIDE as usize };
            let left = present + self.defaults as usize;
            (left, Some(left))
        }
    }

    impl<'a, T: Element<'a>> ExactSizeIterator for Iter<'a, T> {}

    /// The budget and depth of one decode (docs/format.md, "Limits"): each slice
    /// decoded costs its payload bytes, times 8 for slices of structs (whose
    /// bytes count the tables each element points to, at their schema size);
    /// one decode may spend max(8 x message bytes, 4 MiB) units.
    #[derive(Clone, Debug)]
    pub struct Decoder {
        budget: u64,
        depth: u32,
    }

    impl Decoder {
        /// The default budget for a message of \`message_len\` bytes.
        pub fn new(message_len: usize) -> Self {
            let proportional = (message_len as u64).saturating_mul(DECODE_BUDGET_FACTOR);
            Decoder::with_budget(proportional.max(DECODE_BUDGET_FLOOR))
        }

        /// A budget of \`units\`, for trusted messages that need more (or to be stricter).
        pub fn with_budget(units: u64) -> Self {
            Decoder { budget: units, depth: 0 }
        }

        /// Takes \`count x units\` from the budget; Error::Budget past it.
        pub fn spend(&mut self, count: usize, units: u64) -> Result<()> {
            let cost = (count as u64).saturating_mul(units);
            if cost > self.budget {
                self.budget = 0;
                return Err(Error::Budget);
            }
            self.budget -= cost;
            Ok(())
        }

        /// One level deeper into a slice through which a struct reaches itself.
        pub fn enter(&mut self) -> Result<()> {
            if self.depth >= MAX_DECODE_DEPTH {
                return Err(Error::TooDeep);
            }
            self.depth += 1;
            Ok(())
        }

        pub fn leave(&mut self) {
            self.depth = self.depth.saturating_sub(1);
        }

        /// A string's bytes as text into \`out\` (its capacity reused), spent from the
        /// budget; invalid UTF-8 becomes U+FFFD, as in every karmem-ts reader.
        #[cfg(feature = "alloc")]
        pub fn text_into(&mut self, out: &mut String, bytes: &[u8]) -> Result<()> {
            self.spend(bytes.len(), 1)?;
            out.clear();
            match alloc::string::String::from_utf8_lossy(bytes) {
                alloc::borrow::Cow::Borrowed(text) => out.push_str(text),
                alloc::borrow::Cow::Owned(text) => *out = text,
            }
            Ok(())
        }

        /// Bytes copied into \`out\` (its capacity reused), spent from the budget.
        #[cfg(feature = "alloc")]
        pub fn bytes_into(&mut self, out: &mut Vec<u8>, bytes: &[u8]) -> Result<()> {
            self.spend(bytes.len(), 1)?;
            out.clear();
            out.extend_from_slice(bytes);
            Ok(())
        }

        /// A slice of scalars copied into \`out\` (its capacity reused), spent from the budget.
        #[cfg(feature = "alloc")]
        pub fn scalars_into<'a, T: Element<'a>>(&mut self, out: &mut Vec<T>, list: List<'a, T>) -> Result<()> {
            self.spend(list.len(), T::STRIDE as u64)?;
            out.clear();
            let (data, bytes) = (list.items.data, list.items.bytes);
            if T::STRIDE > 0 && !bytes.is_empty() {
                // Through a std iterator whose length Vec trusts: no capacity test per element.
                out.extend(bytes.chunks_exact(T::STRIDE as usize).map(|item| T::read(View { data, bytes: item }, 0)));
            } else {
                out.extend(list.iter());
            }
            Ok(())
        }

        /// A slice of structs into \`out\`, \`units\` per element spent from the budget:
        /// the values \`out\` holds are read into again (\`read\`, a generated
        /// \`read_view\`), and only the ones it lacks are made.
        #[cfg(feature = "alloc")]
        pub fn structs_into<'a, V: Element<'a>, T: Default, F: Fn(&mut T, V, &mut Decoder) -> Result<()>>(
            &mut self,
            out: &mut Vec<T>,
            list: List<'a, V>,
            units: u64,
            read: F,
        ) -> Result<()> {
            self.spend(list.len(), units)?;
            out.truncate(list.len());
            // Through the list's iterator: each element's view is its own STRIDE bytes, its field checks folded.
            let mut items = list.iter();
            for (slot, item) in out.iter_mut().zip(&mut items) {
                read(slot, item, self)?;
            }
            out.reserve(items.len());
            for item in items {
                let mut value = T::default();
                read(&mut value, item, self)?;
                out.push(value);
            }
            Ok(())
        }
    }

    enum Out<'b> {
        Slice(&'b mut [u8]),
        #[cfg(feature = "alloc")]
        Vec(&'b mut Vec<u8>),
    }

    /// Writes one message from offset 0 of a caller's buffer (or a Vec). Every
    /// byte is first reserved at the end of the message, zeroed (all but a
    /// \`payload\`'s, which its caller stores whole); a buffer too small is
    /// Error::OutOfSpace, with nothing written past it.
    pub struct Writer<'b> {
        out: Out<'b>,
        len: u32,
        depth: u32,
    }

    impl<'b> Writer<'b> {
        pub fn new(buffer: &'b mut [u8]) -> Self {
            Writer { out: Out::Slice(buffer), len: 0, depth: 0 }
        }

        /// Writes into \`vec\`, replacing what it holds (its capacity is reused).
        #[cfg(feature = "alloc")]
        pub fn new_vec(vec: &'b mut Vec<u8>) -> Self {
            vec.clear();
            Writer { out: Out::Vec(vec), len: 0, depth: 0 }
        }

        /// The message's length so far.
        pub fn len(&self) -> usize {
            self.len as usize
        }

        pub fn is_empty(&self) -> bool {
            self.len == 0
        }

        /// Reserves \`size\` zeroed bytes at the end of the message; their offset.
        pub fn reserve(&mut self, size: u64) -> Result<u32> {
            self.grow(size, true)
        }

        /// Reserves \`size\` bytes at the end of the message, zeroed if \`clear\` (a Vec's always are).
        fn grow(&mut self, size: u64, clear: bool) -> Result<u32> {
            let start = self.len;
            if size > (MAX_MESSAGE_SIZE - start) as u64 {
                return Err(Error::TooLarge);
            }
            let end = start as usize + size as usize;
            match &mut self.out {
                Out::Slice(buffer) => match buffer.get_mut(start as usize..end) {
                    Some(bytes) if clear => bytes.fill(0),
                    Some(_) => {}
                    None => return Err(Error::OutOfSpace),
                },
                #[cfg(feature = "alloc")]
                Out::Vec(vec) => vec.resize(end, 0),
            }
            self.len = end as u32;
            Ok(start)
        }

        /// The message so far: what was reserved.
        fn message(&mut self) -> &mut [u8] {
            let len = self.len as usize;
            match &mut self.out {
                Out::Slice(buffer) => buffer.get_mut(..len).unwrap_or(&mut []),
                #[cfg(feature = "alloc")]
                Out::Vec(vec) => vec.get_mut(..len).unwrap_or(&mut []),
            }
        }

        /// Stores \`bytes\` at \`at\`, inside what was reserved.
        pub fn put(&mut self, at: u32, bytes: &[u8]) {
            put(self.message(), at as usize, bytes);
        }

        /// The \`size\` reserved bytes at \`at\`, to store a struct or a slice's items in
        /// one go (with \`karmem::put\`); empty unless they were all reserved.
        pub fn region(&mut self, at: u32, size: u64) -> &mut [u8] {
            range_mut(self.message(), at as usize, size).unwrap_or(&mut [])
        }

        pub fn bool(&mut self, at: u32, value: bool) { self.put(at, &[value as u8]) }
        pub fn u8(&mut self, at: u32, value: u8) { self.put(at, &value.to_le_bytes()) }
        pub fn i8(&mut self, at: u32, value: i8) { self.put(at, &value.to_le_bytes()) }
        pub fn u16(&mut self, at: u32, value: u16) { self.put(at, &value.to_le_bytes()) }
        pub fn i16(&mut self, at: u32, value: i16) { self.put(at, &value.to_le_bytes()) }
        pub fn u32(&mut self, at: u32, value: u32) { self.put(at, &value.to_le_bytes()) }
        pub fn i32(&mut self, at: u32, value: i32) { self.put(at, &value.to_le_bytes()) }
        pub fn u64(&mut self, at: u32, value: u64) { self.put(at, &value.to_le_bytes()) }
        pub fn i64(&mut self, at: u32, value: i64) { self.put(at, &value.to_le_bytes()) }
        pub fn f32(&mut self, at: u32, value: f32) { self.put(at, &value.to_le_bytes()) }
        pub fn f64(&mut self, at: u32, value: f64) { self.put(at, &value.to_le_bytes()) }

        /// Reserves \`count\` elements of \`element_size\` bytes at the end and points the
        /// slice header at \`header_at\` to them (\`{offset, size}\`, plus the element
        /// size when not packed). Returns where the elements start.
        pub fn items(&mut self, header_at: u32, count: usize, element_size: u32, packed: bool) -> Result<u32> {
            self.slice(header_at, count, element_size, packed, true)
        }

        /// As \`items\`, without zeroing the elements first: for scalars, and the bytes
        /// of strings and byte slices, which the caller then stores whole.
        pub fn payload(&mut self, header_at: u32, count: usize, element_size: u32, packed: bool) -> Result<u32> {
            self.slice(header_at, count, element_size, packed, false)
        }

        fn slice(&mut self, header_at: u32, count: usize, element_size: u32, packed: bool, clear: bool) -> Result<u32> {
            let size = (count as u64).saturating_mul(element_size as u64);
            let start = self.grow(size, clear)?;
            self.u32(header_at, start);
            self.u32(header_at + 4, size as u32);
            if !packed {
                self.u32(header_at + 8, element_size);
            }
            Ok(start)
        }

        /// Appends the bytes of a string or byte slice and points the header at \`header_at\` to them.
        pub fn bytes(&mut self, header_at: u32, bytes: &[u8], packed: bool) -> Result<()> {
            let start = self.payload(header_at, bytes.len(), 1, packed)?;
            self.put(start, bytes);
            Ok(())
        }

        /// Appends a table of \`size\` bytes and points the field at \`pointer_at\` to it.
        pub fn table(&mut self, pointer_at: u32, size: u32) -> Result<u32> {
            let start = self.reserve(size as u64)?;
            self.u32(pointer_at, start);
            Ok(start)
        }

        /// One level deeper into a slice through which a struct reaches itself.
        pub fn enter(&mut self) -> Result<()> {
            if self.depth >= MAX_DECODE_DEPTH {
                return Err(Error::TooDeep);
            }
            self.depth += 1;
            Ok(())
        }

        pub fn leave(&mut self) {
            self.depth = self.depth.saturating_sub(1);
        }
    }
}`;
