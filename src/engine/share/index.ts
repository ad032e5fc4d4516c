// Share links (docs/share.md): the codec, the payload validation, the bars hash and link ⇄ request helpers.
export * from './codec';
export * from './hash';
export * from './link';
export * from './request';
export * from './kinds';
