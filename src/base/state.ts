/**
 * State that belongs to an object of the app (the app's root, a stack, a task definition), kept on
 * that object under `key` instead of in a module, so two apps in one process never share it and
 * it goes when the app goes. `create` makes it on first use.
 */
export function stateOf<T>(owner: object, key: string, create: () => T): T {
  const symbol = Symbol.for(`isolated-ecs-constructs.${key}`);
  const holder = owner as Record<symbol, T | undefined>;
  let state = holder[symbol];
  if (state === undefined) {
    state = create();
    Object.defineProperty(owner, symbol, { value: state, enumerable: false });
  }
  return state;
}
