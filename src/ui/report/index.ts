// The tear sheet (docs/share.md § Tear sheet): data preparation, SVG charts, the self-contained HTML and exports.
export * from './data';
export * from './exports';
export * from './html';
export * from './svg';
