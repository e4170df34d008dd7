/** JSON columns are text on both engines. */
export const toJson = (value: unknown): string => JSON.stringify(value);
export const fromJson = <T>(text: string): T => JSON.parse(text) as T;

/** Boolean columns are integers 0/1 on both engines. */
export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number | boolean): boolean => value === true || Number(value) === 1;
