// Prints the README's API table from the endpoint table (src-shared/api/endpoints.ts).
import { apiTableMarkdown } from '../src-shared/api/endpoints';

process.stdout.write(`${apiTableMarkdown()}\n`);
