import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * For tests that objects made on every request share V8's hidden class (map). One made anew per object is
 * allocated in the old generation and makes every property read of such objects megamorphic; in Node 20's V8 an
 * object spread followed by more properties (`{ ...a, b }`) does that.
 */
v8.setFlagsFromString('--allow-natives-syntax');
const haveSameMap = vm.runInThisContext('(a, b) => %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
// Called once to compile it (V8 compiles a function's body on its first call) before the flag goes off again.
haveSameMap({}, {});
v8.setFlagsFromString('--no-allow-natives-syntax');

export function sameHiddenClass(a: object, b: object): boolean {
  return haveSameMap(a, b);
}
