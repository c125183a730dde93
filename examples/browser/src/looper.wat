;; The runaway guest of the browser example: a hand-written Karmem guest
;; (ABI version 1, owns its memory) implementing
;;   interface Loop { Counter() Count; Spin(); }     struct Count table { Value uint32; }
;; Counter answers the number of calls since the instance started (a fresh
;; instance answers 1); Spin never returns. build.mjs turns it into
;; looper.wasm with Binaryen's text parser.
(module
  (memory (export "memory") 1)
  (global $counter (mut i32) (i32.const 0))
  (func (export "karmem_abi_version") (result i32)
    (i32.const 1))
  ;; The frame: 16 bytes at address 16.
  (func (export "karmem_frame") (result i32)
    (i32.const 16))
  ;; A region of at least $size bytes: fresh pages at the end of memory.
  (func (export "karmem_reserve") (param $region i32) (param $size i32) (result i32)
    (i32.mul
      (memory.grow (i32.add (i32.shr_u (local.get $size) (i32.const 16)) (i32.const 1)))
      (i32.const 65536)))
  ;; Loop.Counter() Count: the answer, a Count table (size 8, Value), at 1024.
  (func (export "Loop_Counter") (param $ptr i32) (param $len i32) (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (i32.store (i32.const 1024) (i32.const 8))
    (i32.store (i32.const 1028) (global.get $counter))
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.const 8))
  ;; Loop.Spin(): never returns.
  (func (export "Loop_Spin") (param $ptr i32) (param $len i32) (result i32)
    (loop $forever
      (br $forever))
    (unreachable)))
