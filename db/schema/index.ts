export * from './facilities';
export * from './studies';
export * from './shares';
export * from './audit';
export * from './identity';
export * from './consents';
export * from './uploads';
export * from './mail';
