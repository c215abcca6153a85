#!/bin/sh
# A new, empty Maven project whose only dependency is com.forumpay:forumpay (resolved from the
# repository `make dist` laid out) compiles the README's Kotlin quickstart and runs it.
# Its own local repository (.scratch/m2-dist-check, forumpay removed before each run), so that
# a jar an earlier `mvn install` left in ~/.m2 cannot stand in for the one under test.
# Usage: check-maven.sh <maven repository dir> <quickstart.kt> <project dir> <version>
set -eu
repo=$1 quickstart=$2 project=$3 version=$4
here=$(cd "$(dirname "$0")/.." && pwd)
local_repo="$here/.scratch/m2-dist-check"
kotlin=$(sed -n 's:.*<kotlin.version>\(.*\)</kotlin.version>.*:\1:p' "$here/bindings-kotlin/jvm/pom.xml")

rm -rf "$project" "$local_repo/com/forumpay"
mkdir -p "$project/src/main/kotlin"
cp "$quickstart" "$project/src/main/kotlin/Main.kt"
cat > "$project/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>shop</artifactId>
  <version>1</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <kotlin.compiler.jvmTarget>17</kotlin.compiler.jvmTarget>
    <kotlin.compiler.daemon>false</kotlin.compiler.daemon>
  </properties>
  <repositories>
    <repository><id>dist</id><url>file://$repo</url></repository>
  </repositories>
  <dependencies>
    <dependency>
      <groupId>com.forumpay</groupId>
      <artifactId>forumpay</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
  <build>
    <sourceDirectory>src/main/kotlin</sourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>$kotlin</version>
        <executions><execution><goals><goal>compile</goal></goals></execution></executions>
      </plugin>
      <plugin>
        <groupId>org.codehaus.mojo</groupId>
        <artifactId>exec-maven-plugin</artifactId>
        <version>3.5.0</version>
        <!-- The program in a JVM of its own, as the shop would start it. -->
        <configuration>
          <executable>java</executable>
          <arguments>
            <argument>-classpath</argument>
            <classpath/>
            <argument>MainKt</argument>
          </arguments>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF
cd "$project"
java -version 2>&1 | head -1
mvn -q -B -Dstyle.color=never "-Dmaven.repo.local=$local_repo" compile exec:exec
mvn -q -B -Dstyle.color=never "-Dmaven.repo.local=$local_repo" dependency:tree -DoutputFile=tree.txt
grep forumpay tree.txt
