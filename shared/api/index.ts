export * from './contract';
export * from './errors';
export { dispatch } from './dispatch';
