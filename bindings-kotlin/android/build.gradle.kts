// An Android library module for forumpay (NOT built on the Linux build machine: no Android SDK
// or NDK there). First run `bindings-kotlin/scripts/build-android.sh` with ANDROID_NDK_HOME set:
// it fills jniLibs/<abi>/libforumpay_uniffi.so and kotlin/ (generated + hand-written sources).
// Then include this folder in an app's settings.gradle.kts:
//     include(":forumpay"); project(":forumpay").projectDir = file("path/to/bindings-kotlin/android")
// and depend on it: implementation(project(":forumpay")).
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

android {
    namespace = "com.forumpay.sdk"
    compileSdk = 35
    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }
    sourceSets["main"].apply {
        java.srcDirs("kotlin")
        jniLibs.srcDirs("jniLibs")
        manifest.srcFile("AndroidManifest.xml")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // JNA's Android archive carries libjnidispatch.so for every ABI.
    implementation("net.java.dev.jna:jna:5.19.1@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.11.0")
    // Logging (decision 0030): silent until the app adds an SLF4J provider.
    implementation("org.slf4j:slf4j-api:2.0.20")
    // ForumPayOpenTelemetry: only apps that have OpenTelemetry call it.
    compileOnly("io.opentelemetry:opentelemetry-api:1.68.0")
}
