// The wire contract's types, as the server declares them (TypeBox schemas in src/contract/).
// This is the one place web/ reaches into src/, and it takes types only: `export type` is erased
// from the bundle, so no server code ever ships to a browser.
export type * from '../../src/contract/types.js';

