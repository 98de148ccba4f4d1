import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * For tests that objects made on every request share V8's hidden class (map). One made anew per object is
 * allocated in the old generation and makes every property read of such objects megamorphic; in Node 20's V8 an
 * object spread followed by more properties (`{ ...a, b }`) does that.
 *
 * `%HaveSameMap` needs natives syntax when its function is compiled, and V8 may compile it again at any call: it
 * drops the bytecode of functions unused for a while (a test file that waited its turn in a worker met
 * "SyntaxError: Unexpected token '%'"). So the flag is on around every call, and off again after it.
 */
let haveSameMap: ((a: object, b: object) => boolean) | undefined;

export function sameHiddenClass(a: object, b: object): boolean {
  v8.setFlagsFromString('--allow-natives-syntax');
  try {
    haveSameMap ??= vm.runInThisContext('(a, b) => %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    return haveSameMap(a, b);
  } finally {
    v8.setFlagsFromString('--no-allow-natives-syntax');
  }
}
