export * from './auth';
export * from './inventory';
export * from './models';
export * from './store';
