// ml-naivebayes ships no types: the little of it the examples use.
declare module 'ml-naivebayes' {
  interface MatrixLike {
    get(row: number, column: number): number
  }
  export class MultinomialNB {
    priorProbability: MatrixLike
    conditionalProbability: MatrixLike
    train(trainingSet: number[][], trainingLabels: number[]): void
    predict(dataset: number[][]): number[]
  }
}
