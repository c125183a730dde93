/** A JSON value that does not fit the schema type, with the path to it: `MonsterData.Path[3].X`. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
