// Lists the people of your Kontor account, then creates one.
//
//   KONTOR_URL=http://localhost:4000 KONTOR_API_KEY=kontor_live_… node examples/list-and-create-people.mjs
//
// Create the key in Kontor (an owner or co-owner: createApiKey) and keep it out of your code.
import { createClient, KontorApiError } from '@kontor/sdk';

const kontor = createClient({ url: process.env.KONTOR_URL ?? 'http://localhost:4000', apiKey: process.env.KONTOR_API_KEY });

try {
  let count = 0;
  for await (const person of kontor.people.all({ orderBy: 'NAME_ASC' })) {
    console.log(`${person.firstName} ${person.lastName}${person.company ? ` (${person.company.name})` : ''}`);
    count += 1;
  }
  console.log(`${count} people`);

  const created = await kontor.people.create({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
  console.log(`created ${created.firstName} ${created.lastName}: ${created.id}`);
} catch (error) {
  if (error instanceof KontorApiError) {
    console.error(`Kontor refused: ${error.code}: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
