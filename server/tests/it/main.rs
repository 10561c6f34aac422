//! Integration tests, one binary (one link, one copy of the app on disk):
//! the real router in-process, on SQLite and a real PostgreSQL, and the real
//! `embudo` binary as separate processes.
mod activity_list;
mod admin;
mod auth;
mod board;
mod cfdi;
mod cli;
mod clientes;
mod common;
mod concurrency;
mod currencies;
mod dashboard;
mod data;
mod deal_customer;
mod deal_edit;
mod deal_lines;
mod deal_list;
mod export;
mod headers;
mod import;
mod import_directory;
mod mail;
mod openapi;
mod pages;
mod permissions;
mod privileges;
mod processes;
mod products;
mod quotes;
mod records;
mod rest_activities;
mod rest_deals;
mod rest_directory;
mod sale_notes;
mod settings;
mod tokens;
