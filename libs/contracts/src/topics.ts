export const TOPIC = 'hookline.ingested.v1';
