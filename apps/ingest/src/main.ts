import { TOPIC } from '@hookline/contracts';
console.log(TOPIC);
