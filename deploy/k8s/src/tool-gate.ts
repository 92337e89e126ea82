// The gate is shared with the browser tests of the console: one definition in libs/testing.
export { describeWith, type GatedTool } from '@hookline/testing';
