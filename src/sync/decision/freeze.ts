/** Policies are shared by reference (rule indexes are cached per rules array), so they are deeply frozen. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A frozen deep copy. */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}
