export * from './stand-in-destination.js';
