// A second process for the seat tests: takes an annotator's seat of a project and holds it
// until it is killed (or told to leave with "release" on stdin). Prints "held" or "refused: …".
import { Seats } from '../../backend/project/seats';

const [root, annotator] = process.argv.slice(2) as [string, string];
const seats = new Seats(root, 'a test process');
const status = await seats.claim(annotator);
console.log(status.held ? 'held' : `refused: ${status.message}`);
process.stdin.on('data', (d) => {
  if (String(d).includes('release')) void seats.releaseAll().then(() => process.exit(0));
});
setInterval(() => undefined, 1000);
