// Reusing arrays: what the generated object API's decode does with the arrays
// of an object it decodes into again (docs/assemblyscript.md, "Decoding into a
// reused object"). An Array keeps its buffer: it grows only when a message has
// more elements than it ever held, and shrinking only moves its length.
//
// Element access here skips Array#__get / Array#__set (a bounds check and,
// in the incremental runtime, a call that is not inlined): callers index only
// below the length they set.

/**
 * Sets `list.length` to `n`, keeping its buffer (grown only when too small,
 * never freed). With managed elements the slots past the old length are
 * zeroed (null): the collector visits every element below the length, and
 * those slots may hold references to objects it has freed since the list
 * last shrank. Returns nothing; the slots below the old length keep their elements.
 */
// @ts-ignore: decorator
@inline
export function resizeList<T>(list: Array<T>, n: i32): void {
  const old = list.length;
  if (n != old) {
    list.length = n;
    if (isManaged<T>() && n > old) {
      memory.fill(list.dataStart + (<usize>old << alignof<T>()), 0, <usize>(n - old) << alignof<T>());
    }
  }
}

/** Element `i` of `list`, loaded from its data: no bounds check (`i` must be below its length). Null for a slot `resizeList` zeroed. */
// @ts-ignore: decorator
@inline
export function listElement<T>(list: Array<T>, i: i32): T {
  return load<T>(list.dataStart + (<usize>i << alignof<T>()));
}

/** Stores `value` as element `i` of `list` (`i` below its length): Array#__set's store and write barrier, without its bounds check. */
// @ts-ignore: decorator
@inline
export function setListElement<T>(list: Array<T>, i: i32, value: T): void {
  store<T>(list.dataStart + (<usize>i << alignof<T>()), value);
  if (isManaged<T>()) __link(changetype<usize>(list), changetype<usize>(value), true);
}

/**
 * Makes `list` the `n` scalars at `from` (wire layout, little-endian; for
 * `bool` any non-zero byte is true), reusing its buffer.
 */
// @ts-ignore: decorator
@inline
export function copyIntoList<T>(list: Array<T>, from: usize, n: u32): void {
  resizeList(list, <i32>n);
  const to = list.dataStart;
  if (isBoolean<T>()) {
    for (let i: usize = 0; i < <usize>n; i++) store<u8>(to + i, <u8>(load<u8>(from + i) != 0));
    return;
  }
  memory.copy(to, from, <usize>n * sizeof<T>());
}
