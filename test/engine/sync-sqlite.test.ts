import { describeEngineSuite } from './support/engine-suite.ts';
import { openSqlite } from './support/hub.ts';

describeEngineSuite('SQLite', openSqlite);
