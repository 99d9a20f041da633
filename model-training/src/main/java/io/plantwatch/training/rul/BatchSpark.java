package io.plantwatch.training.rul;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark of the batch commands: local unless spark-submit chose a master, no UI, quiet. */
public final class BatchSpark {
  private BatchSpark() {}

  public static SparkSession session(String appName) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
      conf.setIfMissing("spark.sql.shuffle.partitions", "4");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.app.name", appName);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
